package io.patchbay.license.impl.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LiveEntitlementsTest {

    private static final FeatureStatus A_ON = new FeatureStatus("a", LicenseCode.VALID, null, false);
    private static final FeatureStatus B_ON = new FeatureStatus("b", LicenseCode.VALID, null, false);
    private static final FeatureStatus A_GRACE = new FeatureStatus("a", LicenseCode.LEASE_OVERDUE,
            Instant.parse("2026-06-04T00:00:00Z"), true);
    private static final FeatureStatus A_OFF = new FeatureStatus("a", LicenseCode.EXPIRED, null, false);

    private final LiveEntitlements entitlements = new LiveEntitlements();

    private static Evaluation of(FeatureStatus... statuses) {
        java.util.Map<String, FeatureStatus> m = new java.util.HashMap<>();
        for (FeatureStatus s : statuses) {
            m.put(s.feature(), s);
        }
        return new Evaluation(m, LicenseCode.FEATURE_MISSING, Map.of());
    }

    @Test
    void onlyValidOrGraceIsEnabledAndUnknownIsMissing() {
        entitlements.publish(of(A_GRACE, B_ON));
        assertTrue(entitlements.enabled("a"));
        assertTrue(entitlements.enabled("b"));
        assertFalse(entitlements.enabled("c"));
        assertEquals(LicenseCode.FEATURE_MISSING, entitlements.status("c").code());
        entitlements.publish(of(A_OFF));
        assertFalse(entitlements.enabled("a"));
        assertFalse(entitlements.enabled("b"));
        assertThrows(UnsupportedOperationException.class, () -> entitlements.snapshot().put("x", A_ON));
    }

    @Test
    void listenersHearOnlyChangesAndAFailingListenerDoesNotStopOthers() {
        List<Map<String, FeatureStatus>> heard = new ArrayList<>();
        entitlements.addListener(c -> {
            throw new IllegalStateException("listener bug");
        });
        entitlements.addListener(heard::add);
        entitlements.publish(of(A_ON, B_ON));
        entitlements.publish(of(A_ON, B_ON));
        entitlements.publish(of(A_GRACE));
        assertEquals(2, heard.size());
        assertEquals(Map.of("a", A_GRACE, "b", FeatureStatus.missing("b")), heard.get(1));
    }

    @Test
    void transitionsCarryTheStatusBefore() {
        entitlements.publish(of(A_ON));
        List<LiveEntitlements.Transition> t = entitlements.publish(of(A_OFF));
        assertEquals(List.of(new LiveEntitlements.Transition("a", A_ON, A_OFF)), t);
    }

    @Test
    void readersAlwaysSeeAWholeState() throws Exception {
        // Two features flip together at each publish; a reader must never see one flipped without the other.
        AtomicBoolean torn = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            started.countDown();
            while (!stop.get()) {
                Map<String, FeatureStatus> s = entitlements.snapshot();
                FeatureStatus a = s.get("a");
                FeatureStatus b = s.get("b");
                if ((a == null) != (b == null)) {
                    torn.set(true);
                }
            }
        });
        reader.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 20_000; i++) {
            entitlements.publish(i % 2 == 0 ? of(A_ON, B_ON) : of());
        }
        stop.set(true);
        reader.join(5_000);
        assertFalse(torn.get());
    }
}
