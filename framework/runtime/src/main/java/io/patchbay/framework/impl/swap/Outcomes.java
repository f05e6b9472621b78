package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns how a swap ended into its result and its history record, written once, in one place. */
final class Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);
    private final HistorySink history;
    private final Clock clock;

    Outcomes(HistorySink history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    SwapResult end(String transactionId, Patch patch, String patchId, List<BundleRecord> bundles, Outcome outcome,
                   PatchLevel before, PatchLevel after, Map<SwapStep, Duration> timings, Throwable cause,
                   Throwable rollbackFailure) {
        return end(transactionId, patch, patchId, bundles, outcome, before, after, timings, cause, rollbackFailure, Map.of());
    }

    /** @param held the committed bundles the feature gate held back, by symbolic name */
    SwapResult end(String transactionId, Patch patch, String patchId, List<BundleRecord> bundles, Outcome outcome,
                   PatchLevel before, PatchLevel after, Map<SwapStep, Duration> timings, Throwable cause,
                   Throwable rollbackFailure, Map<String, String> held) {
        SwapResult result = new SwapResult(transactionId, outcome, before, after, timings, cause, rollbackFailure, held);
        record(new SwapRecord(0, transactionId, patch.label(), patchId, bundles, outcome, clock.instant(),
                before.sequence(), after.sequence(), describe(cause, rollbackFailure), timings));
        return result;
    }

    /**
     * A history write that fails must not change what the swap did; it is logged loudly instead. An outcome the
     * journal holds (a commit or a rollback) is written in the background: the journal's fsync already made it
     * durable, and the next start rebuilds the record from the journal if it is lost.
     */
    void record(SwapRecord record) {
        try {
            if (record.outcome() == Outcome.COMMITTED || record.outcome() == Outcome.ROLLED_BACK) {
                history.recordJournaled(record);
            } else {
                history.record(record);
            }
        } catch (RuntimeException e) {
            LOG.error("swap {} ended {} but its history record could not be written", record.transactionId(),
                    record.outcome(), e);
        }
    }

    /** The cause for people and reports; the history bounds its length (a hostile bundle's message is not trusted). */
    static String describe(Throwable cause, Throwable rollbackFailure) {
        if (cause == null) {
            return null;
        }
        String text = message(cause);
        return rollbackFailure == null ? text : text + "; the rollback failed too: " + message(rollbackFailure);
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }
}
