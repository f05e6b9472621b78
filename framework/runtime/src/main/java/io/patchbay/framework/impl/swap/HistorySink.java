package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapRecord;

/** Where the engine writes how each swap ended, and asks whether a patch crashed the process before. */
public interface HistorySink {

    /** Appends {@code record} (its sequence is assigned by the history), durably. */
    void record(SwapRecord record);

    /** How the transaction with this id last ended, if the history has it. */
    java.util.Optional<io.patchbay.framework.api.SwapResult.Outcome> lastOutcome(String transactionId);

    /** Whether the patch with this identity was in flight when the process died, and has not committed since. */
    boolean crashedBefore(String patchId);
}
