package io.patchbay.sample.host.impl.json;

import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapStep;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SwapResult} as JSON: the outcome, why it failed, and how long each step took.
 *
 * @param timingsMillis per step, in step order, in milliseconds (fractional)
 * @param totalMillis   the sum of the step timings
 */
public record SwapReport(String transactionId, SwapResult.Outcome outcome, FailureView cause,
                         FailureView rollbackFailure, Map<SwapStep, Double> timingsMillis, double totalMillis,
                         PatchLevelView before, PatchLevelView after) {

    public SwapReport {
        // Unmodifiable but ordered: Map.copyOf would lose the step order.
        timingsMillis = timingsMillis == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timingsMillis));
    }

    public static SwapReport of(SwapResult result) {
        Map<SwapStep, Double> timings = new LinkedHashMap<>();
        double total = 0;
        for (SwapStep step : SwapStep.values()) {
            Duration took = result.timings().get(step);
            if (took != null) {
                double millis = took.toNanos() / 1_000_000.0;
                timings.put(step, millis);
                total += millis;
            }
        }
        return new SwapReport(result.transactionId(), result.outcome(), FailureView.of(result.cause()),
                FailureView.of(result.rollbackFailure()), timings, total,
                PatchLevelView.of(result.before()), PatchLevelView.of(result.after()));
    }

    public boolean committed() {
        return outcome == SwapResult.Outcome.COMMITTED;
    }
}
