package io.patchbay.framework.impl.history;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the background writes of {@link SwapHistory#appendJournaled}: at most one queued at a time, so a burst of
 * swaps costs one task, on an executor given (a test runs it when it chooses, or never) or on a daemon thread of its
 * own.
 *
 * <p>Not thread-safe: {@link #schedule} and {@link #started} are called under the history's writer lock.
 */
final class DeferredWriter {
    private final Executor executor;
    /** The executor this writer made, shut down by {@link #shutdown}; null when it was given one. */
    private final ExecutorService owned;
    private final Runnable drain;
    private boolean scheduled;

    /** @param given runs {@code drain}; null: a thread of the writer's own */
    DeferredWriter(Executor given, Runnable drain) {
        this.drain = drain;
        if (given == null) {
            this.owned = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "patchbay-history-writer");
                thread.setDaemon(true);
                return thread;
            });
            this.executor = owned;
        } else {
            this.owned = null;
            this.executor = given;
        }
    }

    /** Queues the drain unless one is queued already; a refusing executor leaves the lines for the next write. */
    void schedule() {
        if (scheduled) {
            return;
        }
        scheduled = true;
        try {
            executor.execute(drain);
        } catch (RejectedExecutionException e) {
            scheduled = false;
        }
    }

    /** The queued drain has begun: lines deferred from now on need a new one. */
    void started() {
        scheduled = false;
    }

    /** Stops the writer's own thread; a given executor is its owner's to stop. */
    void shutdown() {
        if (owned != null) {
            owned.shutdown();
        }
    }
}
