package io.patchbay.framework.api;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a swap did.
 *
 * @param transactionId   the swap's id
 * @param outcome         see {@link Outcome}
 * @param before          the committed level when the swap began
 * @param after           the committed level when it ended (equal to {@code before} unless committed)
 * @param timings         how long each step took, in step order
 * @param cause           why the patch was refused or rolled back, or {@code null} when committed
 * @param rollbackFailure why the rollback itself failed, or {@code null}
 * @param held            the patch's bundles the feature gate held back, by symbolic name, with the reason (their
 *                        licensed features are not permitted, or no feature gate runs): installed and committed but not
 *                        started, and not held against the swap; the gate starts them once their features are licensed
 */
public record SwapResult(String transactionId, Outcome outcome, PatchLevel before, PatchLevel after,
                         Map<SwapStep, Duration> timings, Throwable cause, Throwable rollbackFailure,
                         Map<String, String> held) {

    /** How a swap ended. */
    public enum Outcome {
        /** The new set is running and committed. */
        COMMITTED,
        /** Refused before anything running was touched (verification or staging failed). */
        REJECTED,
        /** Applying, starting or the health gate failed; the previous committed set runs again. */
        ROLLED_BACK,
        /**
         * The rollback failed too. The runtime keeps retrying the restore in the background (and a restart
         * recovers from the journal); swaps are refused until the committed set runs again.
         */
        ROLLBACK_FAILED,
        /**
         * Only in the swap history: the process died while this swap was in flight; the next start rolled it
         * back. Applying the same patch again is refused unless the patch says to retry it.
         */
        CRASHED
    }

    /**
     * Keeps the timings in step order and the held bundles sorted.
     *
     * @param transactionId   the swap's id
     * @param outcome         how it ended
     * @param before          the committed level when it began
     * @param after           the committed level when it ended
     * @param timings         how long each step took
     * @param cause           why it was refused or rolled back, or {@code null}
     * @param rollbackFailure why the rollback failed, or {@code null}
     * @param held            the bundles the feature gate held back, with the reason, or {@code null} for none
     */
    public SwapResult {
        // kept in step order (an EnumMap), as documented; Map.copyOf would not keep any order
        EnumMap<SwapStep, Duration> ordered = new EnumMap<>(SwapStep.class);
        timings.forEach((step, took) -> ordered.put(Objects.requireNonNull(step), Objects.requireNonNull(took)));
        timings = Collections.unmodifiableMap(ordered);
        held = held == null ? Map.of() : Collections.unmodifiableMap(new java.util.TreeMap<>(held));
    }

    /**
     * A result with no bundle held back (the form before API 1.2).
     *
     * @param transactionId   the swap's id
     * @param outcome         how it ended
     * @param before          the committed level when it began
     * @param after           the committed level when it ended
     * @param timings         how long each step took
     * @param cause           why it was refused or rolled back, or {@code null}
     * @param rollbackFailure why the rollback failed, or {@code null}
     */
    public SwapResult(String transactionId, Outcome outcome, PatchLevel before, PatchLevel after,
                      Map<SwapStep, Duration> timings, Throwable cause, Throwable rollbackFailure) {
        this(transactionId, outcome, before, after, timings, cause, rollbackFailure, Map.of());
    }

    /**
     * Whether the patch is committed and running.
     *
     * @return true for {@link Outcome#COMMITTED}
     */
    public boolean committed() {
        return outcome == Outcome.COMMITTED;
    }

    /**
     * Why the patch did not commit.
     *
     * @return the cause, or empty when it committed
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(cause);
    }
}
