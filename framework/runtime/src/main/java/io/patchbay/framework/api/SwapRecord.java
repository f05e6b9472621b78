package io.patchbay.framework.api;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One transaction in the persistent swap history: what was tried, and how it ended. The history survives
 * restarts, so a reporter that was down still learns of every install.
 *
 * @param sequence      position in the history, increasing by one per record; acknowledgements name it
 * @param transactionId the swap's id, as in {@link SwapResult} and the journal
 * @param label         the patch's label
 * @param patchId       the patch's identity by content: SHA-256 over its bundles' sorted SHA-256s (empty when
 *                      the patch was refused before its bundles could be read)
 * @param bundles       the patch's bundles (empty when refused before they were read)
 * @param outcome       how it ended; {@link Outcome#CRASHED} when the process died mid-swap
 * @param at            when it ended (for CRASHED: when the restart found it)
 * @param levelBefore   the committed sequence when it began
 * @param levelAfter    the committed sequence when it ended
 * @param cause         why it was refused or rolled back ({@code null} when committed), a message for people
 * @param timings       how long each step took, in step order (empty for CRASHED)
 */
public record SwapRecord(long sequence, String transactionId, String label, String patchId,
                         List<BundleRecord> bundles, Outcome outcome, Instant at, long levelBefore, long levelAfter,
                         String cause, Map<SwapStep, Duration> timings) {

    /**
     * Checks the required parts and keeps the timings in step order.
     *
     * @param sequence      position in the history, increasing by one per record; acknowledgements name it
     * @param transactionId the swap's id, as in {@link SwapResult} and the journal
     * @param label         the patch's label
     * @param patchId       the patch's identity by content: SHA-256 over its bundles' sorted SHA-256s (empty when
     *                      the patch was refused before its bundles could be read)
     * @param bundles       the patch's bundles (empty when refused before they were read)
     * @param outcome       how it ended; {@link Outcome#CRASHED} when the process died mid-swap
     * @param at            when it ended (for CRASHED: when the restart found it)
     * @param levelBefore   the committed sequence when it began
     * @param levelAfter    the committed sequence when it ended
     * @param cause         why it was refused or rolled back ({@code null} when committed), a message for people
     * @param timings       how long each step took, in step order (empty for CRASHED)
     */
    public SwapRecord {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(patchId, "patchId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        bundles = List.copyOf(bundles);
        EnumMap<SwapStep, Duration> ordered = new EnumMap<>(SwapStep.class);
        timings.forEach((step, took) -> ordered.put(Objects.requireNonNull(step), Objects.requireNonNull(took)));
        timings = Collections.unmodifiableMap(ordered);
    }

    /**
     * The same record at another position (the history assigns sequences).
     *
     * @param newSequence its position in the history
     * @return the copy
     */
    public SwapRecord withSequence(long newSequence) {
        return new SwapRecord(newSequence, transactionId, label, patchId, bundles, outcome, at, levelBefore,
                levelAfter, cause, timings);
    }
}
