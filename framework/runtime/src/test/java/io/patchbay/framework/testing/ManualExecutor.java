package io.patchbay.framework.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Runs what it is given only when the test says so; a power cut before that loses it. */
public final class ManualExecutor implements Executor {
    private final List<Runnable> queued = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable command) {
        queued.add(command);
    }

    /** How many tasks wait. */
    public synchronized int queued() {
        return queued.size();
    }

    /** Runs every task that waits, in order (not those they queue). */
    public void runAll() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(queued);
            queued.clear();
        }
        now.forEach(Runnable::run);
    }
}
