package io.patchbay.agent.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** Daemon threads for the agent's push readers, kept so a test can wait (bounded) for a connection's reader to end. */
public final class DaemonThreads implements ThreadFactory {
    private final String name;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    public DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        made.add(thread);
        return thread;
    }

    /** The thread made last (the current connection's reader). */
    public Thread last() {
        if (made.isEmpty()) {
            throw new AssertionError("no " + name + " thread was made");
        }
        return made.get(made.size() - 1);
    }
}
