package io.patchbay.server.impl.push;

/**
 * Wakes every node's fan-out when a push was stored. A wake-up carries no push: the node reads new rows from
 * {@code push_batches} itself, so a lost or coalesced wake-up loses nothing that the periodic re-scan does not find.
 */
public interface PushBus extends AutoCloseable {

    /** Starts delivering wake-ups to {@code onWake} (called on the bus's own thread; it must return quickly). */
    void start(Runnable onWake);

    /** Tells every node (this one included) that push {@code batchId} was committed. */
    void announce(long batchId);

    @Override
    void close();
}
