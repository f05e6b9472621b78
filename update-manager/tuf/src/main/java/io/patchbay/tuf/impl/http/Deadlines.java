package io.patchbay.tuf.impl.http;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that ends requests at their deadline; created on first use and ended after a minute without
 * requests. The idle end matters where this class is embedded in a bundle (the update agent): a thread kept forever
 * would outlive the bundle's revision after an update, and hold its class loader.
 */
final class Deadlines implements ThreadFactory {
    static final ScheduledThreadPoolExecutor TIMER = create();

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(1, new Deadlines());
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(1, TimeUnit.MINUTES);
        timer.allowCoreThreadTimeOut(true);
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
