package io.patchbay.agent.api;

import java.time.Duration;

/**
 * Runs the agent's tasks one at a time after a delay. Injected, so tests drive time by hand (no sleeps) and a
 * host can supply its own; the default is one daemon thread.
 */
public interface Scheduler {

    /** Runs {@code task} after {@code delay} on the scheduler's thread; tasks never overlap. */
    Cancellable schedule(Runnable task, Duration delay);

    /** A scheduled task. */
    interface Cancellable {
        /** Prevents the task from starting if it has not; a running task finishes. */
        void cancel();
    }
}
