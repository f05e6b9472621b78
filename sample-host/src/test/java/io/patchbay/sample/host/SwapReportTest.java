package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.sample.host.impl.json.Json;
import io.patchbay.sample.host.impl.json.SwapReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a swap result becomes JSON, and back again on the client side. */
class SwapReportTest {

    private static final PatchLevel LEVEL = new PatchLevel(4,
            List.of(new PatchLevel.BundleRecord("io.patchbay.sample.greeter", "1.1.0", "ab".repeat(32))),
            Instant.parse("2030-01-02T03:04:05Z"));

    @Test
    void timingsAreInStepOrderAndInMilliseconds() {
        SwapResult result = new SwapResult("tx", SwapResult.Outcome.COMMITTED, LEVEL, LEVEL,
                Map.of(SwapStep.COMMIT, Duration.ofMillis(3), SwapStep.VERIFY, Duration.ofNanos(1_500_000),
                        SwapStep.APPLY, Duration.ofMillis(20)), null, null);

        SwapReport report = SwapReport.of(result);

        assertEquals(List.of(SwapStep.VERIFY, SwapStep.APPLY, SwapStep.COMMIT), List.copyOf(report.timingsMillis().keySet()));
        assertEquals(1.5, report.timingsMillis().get(SwapStep.VERIFY));
        assertEquals(24.5, report.totalMillis());
        assertNull(report.cause());
        assertEquals("2030-01-02T03:04:05Z", report.after().committedAt());
    }

    @Test
    void aRejectionReasonIsFoundInsideAWrappedCause() {
        BundleRejectedException rejection = new BundleRejectedException("evil.jar",
                BundleRejectedException.Reason.UNKNOWN_SIGNER, "signed by CN=Mallory");
        SwapResult result = new SwapResult("tx", SwapResult.Outcome.REJECTED, LEVEL, LEVEL,
                Map.of(SwapStep.VERIFY, Duration.ofMillis(1)), new PatchbayException("verify failed", rejection), null);

        SwapReport report = SwapReport.of(result);

        assertEquals("PatchbayException", report.cause().type());
        assertEquals("UNKNOWN_SIGNER", report.cause().reason());
        assertEquals("evil.jar", report.cause().bundle());
        assertEquals("BundleRejectedException: " + rejection.getMessage(), report.cause().rootMessage());
    }

    @Test
    void aReportReadsBackAsItWasWritten() {
        SwapResult result = new SwapResult("tx", SwapResult.Outcome.ROLLED_BACK, LEVEL, LEVEL,
                Map.of(SwapStep.START, Duration.ofMillis(7), SwapStep.ROLLBACK, Duration.ofMillis(9)),
                new IllegalStateException("boom", new IllegalArgumentException("root")), null);
        SwapReport written = SwapReport.of(result);

        SwapReport read = Json.read(Json.write(written), SwapReport.class);

        assertEquals(written, read);
        assertEquals(List.of(SwapStep.START, SwapStep.ROLLBACK), List.copyOf(read.timingsMillis().keySet()));
        assertEquals("IllegalArgumentException: root", read.cause().rootMessage());
    }
}
