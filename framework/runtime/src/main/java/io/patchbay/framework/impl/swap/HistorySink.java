package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import java.util.List;
import java.util.Optional;

/** Where the engine writes how each swap ended, and asks whether a patch crashed the process before. */
public interface HistorySink {

    /** Appends {@code record} (its sequence is assigned by the history), durably. */
    void record(SwapRecord record);

    /**
     * Appends {@code record}, whose outcome the journal already holds durably (COMMITTED, ROLLED_BACK, CRASHED):
     * visible at once, durable a little later, and rebuilt by {@link #backfill} if a crash comes first. This keeps
     * a second fsync off every swap.
     */
    void recordJournaled(SwapRecord record);

    /** Makes every record so far durable; runs before the journal drops records the history is rebuilt from. */
    void flush();

    /**
     * At start-up: appends, durably, the journal's ended swaps that a crash kept out of the history.
     *
     * @param ended the journal's ended swaps, oldest first, as records
     */
    void backfill(List<SwapRecord> ended);

    /** How the transaction with this id last ended, if the history has it. */
    Optional<Outcome> lastOutcome(String transactionId);

    /** Whether the patch with this identity was in flight when the process died, and has not committed since. */
    boolean crashedBefore(String patchId);
}
