package io.patchbay.tuf.impl.http;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** One daemon thread that ends requests at their deadline; created on first use. */
final class Deadlines implements ThreadFactory {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(1, new Deadlines());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread thread = new Thread(r, "tuf-fetch-deadline");
        thread.setDaemon(true);
        return thread;
    }

    static ScheduledFuture<?> schedule(Runnable action, long nanos) {
        return TIMER.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }
}
