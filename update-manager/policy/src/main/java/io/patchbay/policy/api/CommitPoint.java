package io.patchbay.policy.api;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hook a host calls at its commit points (after a database transaction commits, after a request
 * batch): the moment when no unit of work is in flight. The host creates one, offers it to the agent
 * (for example as a host service) and calls {@link #reached()} from its own work loop.
 *
 * <p>Why synchronous: when an AFTER_COMMIT update is pending and allowed, {@code reached()} runs the swap
 * on the calling thread and returns only after it finished (or its bounded wait ran out), so the host's
 * next unit of work starts on the new level and never overlaps the swap. When nothing is pending it
 * returns at once, after one volatile read, so calling it often is cheap. Call it from one place that
 * holds no locks the swapped features need; a swap with its health check takes as long as it takes.
 */
public final class CommitPoint {

    /** What a {@link #reached()} call did. */
    public enum Outcome {
        /** No AFTER_COMMIT update is waiting here (the common case). */
        NOTHING_PENDING,
        /** An update waits, but not now (outside a window, download unfinished, a swap already running). */
        NOT_NOW,
        /** The swap ran and the new level is committed. */
        SWAPPED,
        /** The swap ran and did not commit (rolled back or refused); the running level is unchanged. */
        SWAP_FAILED,
        /** The swap did not finish within the engine's bound; it may still complete in the background. */
        SWAP_TIMED_OUT
    }

    /** The agent's side: what runs at a commit point. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Runs on the host's thread at a commit point; swaps if an update is pending and allowed.
         *
         * @return what it did
         */
        Outcome atCommitPoint();
    }

    private final AtomicReference<Listener> listener = new AtomicReference<>();

    /**
     * Called by the host after each unit of work. Never throws because of the update machinery: a failing
     * listener counts as {@link Outcome#NOT_NOW}.
     *
     * @return what happened; {@link Outcome#NOTHING_PENDING} when no agent is attached
     */
    public Outcome reached() {
        Listener l = listener.get();
        if (l == null) {
            return Outcome.NOTHING_PENDING;
        }
        try {
            return l.atCommitPoint();
        } catch (RuntimeException e) {
            // The host's work loop must not die of the agent's failure; the engine records its own errors.
            return Outcome.NOT_NOW;
        }
    }

    /**
     * Called by the agent: the listener runs at every later commit point until the returned handle is
     * closed. A new agent (after the agent itself was updated) replaces the old one's listener.
     *
     * @param l what runs at each commit point
     * @return closing it detaches {@code l}, unless another listener replaced it already (then it does nothing)
     * @throws NullPointerException when {@code l} is null
     */
    public AutoCloseable attach(Listener l) {
        Objects.requireNonNull(l, "listener");
        listener.set(l);
        return () -> listener.compareAndSet(l, null);
    }
}
