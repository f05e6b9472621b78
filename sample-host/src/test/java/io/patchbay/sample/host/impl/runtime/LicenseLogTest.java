package io.patchbay.sample.host.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.license.api.LicenseCode;
import io.patchbay.testsupport.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host's license callbacks: each kind recorded with its reason, the off-reason kept until enabled, bounded. */
class LicenseLogTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final LicenseLog log = new LicenseLog(clock);

    @Test
    void everyCallbackIsRecordedWithItsReason() {
        List<LicenseLog.Event> seen = new ArrayList<>();
        log.observe(seen::add);
        log.enabled("reports");
        log.expiringSoon("reports", T0.plusSeconds(3600));
        log.inGrace("reports", LicenseCode.LEASE_OVERDUE, T0.plusSeconds(7200));
        log.disabled("reports", LicenseCode.LEASE_OVERDUE, "Feature 'reports' (license L1) is disabled: unreachable.");

        assertEquals(List.of("enabled", "expiring", "in-grace", "disabled"),
                log.recent().stream().map(LicenseLog.Event::kind).toList());
        assertEquals(log.recent(), seen);
        LicenseLog.Event grace = log.recent().get(2);
        assertEquals("LEASE_OVERDUE", grace.code());
        assertTrue(grace.message().contains("until " + T0.plusSeconds(7200)), grace.message());
        assertEquals(T0, grace.at());
        assertEquals("Feature 'reports' (license L1) is disabled: unreachable.", log.offReason("reports"));

        log.enabled("reports");
        assertNull(log.offReason("reports"), "enabled again: no stale reason");
    }

    @Test
    void theHistoryIsBounded() {
        for (int i = 0; i < LicenseLog.HISTORY + 10; i++) {
            log.disabled("f" + i, LicenseCode.EXPIRED, "Feature 'f" + i + "' expired.");
        }
        assertEquals(LicenseLog.HISTORY, log.recent().size());
        assertEquals("f10", log.recent().get(0).feature(), "the oldest are dropped");
    }
}
