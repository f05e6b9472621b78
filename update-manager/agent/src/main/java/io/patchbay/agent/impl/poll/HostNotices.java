package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.Scheduler;
import io.patchbay.policy.api.HostCallbacks;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Tells the host that the server asked for a check ({@link HostCallbacks#checkRequested()}) after an accepted CHECK_NOW
 * push, so it renews its own leases at once. The host's code runs on a thread of its own, never the push reader's
 * nor the check thread's; at most one call runs, and requests arriving meanwhile become one more call after it, so a
 * slow or hung host costs one thread, and a burst of pushes (already rate-limited by the push gate) at most two calls.
 */
final class HostNotices implements AutoCloseable {
    private final HostCallbacks host;
    private final Scheduler timers;
    private final Executor executor;
    private final ExecutorService owned;
    private final StatusLog log;
    private boolean running;
    private boolean again;
    private boolean failureLogged;

    /** @param executor where the host's code runs; null: a daemon thread of its own, ended by {@link #close()} */
    HostNotices(HostCallbacks host, Scheduler timers, Executor executor, StatusLog log) {
        this.host = host;
        this.timers = timers;
        this.log = log;
        this.owned = executor != null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "patchbay-agent-host-notice");
            thread.setDaemon(true);
            return thread;
        });
        this.executor = executor != null ? executor : owned;
    }

    /** An accepted CHECK_NOW push: the host hears of it after {@code delay} (the push's spread; zero when urgent). */
    void checkRequested(Duration delay) {
        if (delay.isZero()) {
            dispatch();
        } else {
            timers.schedule(this::dispatch, delay);
        }
    }

    private void dispatch() {
        synchronized (this) {
            if (running) {
                again = true;
                return;
            }
            running = true;
        }
        try {
            executor.execute(this::call);
        } catch (RejectedExecutionException closed) {
            synchronized (this) {
                running = false;
                again = false;
            }
        }
    }

    private void call() {
        try {
            host.checkRequested();
        } catch (RuntimeException | LinkageError e) {
            if (!failureLogged) {
                failureLogged = true;
                log.warn("the host's checkRequested callback failed (logged once): " + e);
            }
        } finally {
            boolean rerun;
            synchronized (this) {
                running = false;
                rerun = again;
                again = false;
            }
            if (rerun) {
                dispatch();
            }
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
