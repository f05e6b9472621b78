package io.patchbay.framework.impl.history;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Swap records for the history tests. */
final class Records {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123456789Z");
    static final String PATCH_A = "a".repeat(64);
    static final String PATCH_B = "b".repeat(64);

    private Records() {
    }

    static Map<SwapStep, Duration> timings() {
        // deliberately not in step order: the history keeps step order
        Map<SwapStep, Duration> timings = new LinkedHashMap<>();
        timings.put(SwapStep.HEALTH, Duration.ofNanos(1_234_567));
        timings.put(SwapStep.VERIFY, Duration.ofMillis(3));
        timings.put(SwapStep.COMMIT, Duration.ofSeconds(2, 5));
        return timings;
    }

    static SwapRecord record(String tx, Outcome outcome, String patchId) {
        return new SwapRecord(0, tx, "label of " + tx, patchId,
                List.of(new BundleRecord("com.acme.greeter", "1.0.1", patchId)), outcome, T0, 3, 4,
                outcome == Outcome.COMMITTED ? null : "failed: " + tx, timings());
    }

    static SwapRecord record(int i) {
        return record("tx" + i, i % 2 == 0 ? Outcome.COMMITTED : Outcome.ROLLED_BACK, PATCH_A);
    }
}
