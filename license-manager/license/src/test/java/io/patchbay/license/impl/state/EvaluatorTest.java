package io.patchbay.license.impl.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LeasePolicy;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.impl.clock.TimeState;
import io.patchbay.license.impl.lease.LeaseView;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluation rules one by one, on fixed inputs. */
class EvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration TAMPER_GRACE = Duration.ofDays(1);
    private static final LeasePolicy LEASE = new LeasePolicy(Duration.ofHours(1), Duration.ofDays(3));

    private final LicenseClaims claims = new LicenseClaims("lic-1", "C",
            SigningKeyPair.generate(new SecureRandom()).publicKey().base64Url(), Map.of(),
            List.of(FeatureGrant.of("base"), new FeatureGrant("beta", T0.plus(Duration.ofDays(10)), Map.of())),
            T0, T0.plus(Duration.ofDays(100)), LEASE, null);
    private final LeaseView activeLease = new LeaseView(LeaseStatus.ACTIVE, T0.plus(Duration.ofDays(50)));

    private static TimeState at(Instant t) {
        return new TimeState(t, false, Duration.ZERO);
    }

    private FeatureStatus status(String feature, TimeState time, LeaseView lease) {
        return Evaluator.evaluate(claims, time, time.trustedNow(), lease, TAMPER_GRACE).features().get(feature);
    }

    @Test
    void validUntilTheEarlierOfFeatureAndLicenseExpiry() {
        assertEquals(new FeatureStatus("base", LicenseCode.VALID, T0.plus(Duration.ofDays(100)), false),
                status("base", at(T0.plusSeconds(1)), activeLease));
        assertEquals(new FeatureStatus("beta", LicenseCode.VALID, T0.plus(Duration.ofDays(10)), false),
                status("beta", at(T0.plusSeconds(1)), activeLease));
    }

    @Test
    void aFeatureExpiresOnItsOwnAndTheLicenseAsAWhole() {
        assertEquals(LicenseCode.EXPIRED, status("beta", at(T0.plus(Duration.ofDays(10))), activeLease).code());
        assertEquals(LicenseCode.VALID, status("base", at(T0.plus(Duration.ofDays(10))), activeLease).code());
        assertEquals(LicenseCode.EXPIRED, status("base", at(T0.plus(Duration.ofDays(100))), activeLease).code());
    }

    @Test
    void notYetValid() {
        assertEquals(LicenseCode.NOT_YET_VALID, status("base", at(T0.minusSeconds(1)), activeLease).code());
    }

    @Test
    void revokedAndSuspendedHaveNoGrace() {
        FeatureStatus revoked = status("base", at(T0.plusSeconds(1)), new LeaseView(LeaseStatus.REVOKED,
                T0.plus(Duration.ofDays(1))));
        assertEquals(LicenseCode.REVOKED, revoked.code());
        assertFalse(revoked.enabled());
        assertEquals(LicenseCode.SUSPENDED, status("base", at(T0.plusSeconds(1)), new LeaseView(LeaseStatus.SUSPENDED,
                T0.plus(Duration.ofDays(1)))).code());
    }

    @Test
    void anOverdueLeaseRunsOnGraceThenStops() {
        LeaseView lease = new LeaseView(LeaseStatus.ACTIVE, T0.plus(Duration.ofHours(1)));
        FeatureStatus grace = status("base", at(T0.plus(Duration.ofDays(2))), lease);
        assertEquals(new FeatureStatus("base", LicenseCode.LEASE_OVERDUE,
                T0.plus(Duration.ofHours(1)).plus(LEASE.offlineGrace()), true), grace);
        assertTrue(grace.enabled());
        FeatureStatus off = status("base", at(T0.plus(Duration.ofHours(1)).plus(LEASE.offlineGrace())), lease);
        assertEquals(LicenseCode.LEASE_OVERDUE, off.code());
        assertFalse(off.enabled());
    }

    @Test
    void aTamperedClockRunsOnGraceCountedInLocalTimeThenStops() {
        Instant local = T0.plus(Duration.ofDays(1));
        TimeState tampered = new TimeState(T0.plus(Duration.ofDays(5)), true, Duration.ofHours(6));
        FeatureStatus grace = Evaluator.evaluate(claims, tampered, local, activeLease, TAMPER_GRACE).features()
                .get("base");
        assertEquals(new FeatureStatus("base", LicenseCode.CLOCK_TAMPERED, local.plus(Duration.ofHours(18)), true),
                grace);
        TimeState over = new TimeState(T0.plus(Duration.ofDays(5)), true, TAMPER_GRACE);
        FeatureStatus off = Evaluator.evaluate(claims, over, local, activeLease, TAMPER_GRACE).features().get("base");
        assertEquals(LicenseCode.CLOCK_TAMPERED, off.code());
        assertFalse(off.enabled());
    }

    @Test
    void expiryIsJudgedInTrustedTimeEvenWhenTheClockIsSetBack() {
        TimeState tampered = new TimeState(T0.plus(Duration.ofDays(200)), true, Duration.ZERO);
        assertEquals(LicenseCode.EXPIRED,
                Evaluator.evaluate(claims, tampered, T0, activeLease, TAMPER_GRACE).features().get("base").code());
    }

    @Test
    void bothGracesTheEarlierEndWins() {
        LeaseView lease = new LeaseView(LeaseStatus.ACTIVE, T0.plus(Duration.ofHours(1)));
        Instant local = T0.plus(Duration.ofDays(1));
        TimeState tampered = new TimeState(T0.plus(Duration.ofDays(2)), true, Duration.ofHours(20));
        FeatureStatus s = Evaluator.evaluate(claims, tampered, local, lease, TAMPER_GRACE).features().get("base");
        assertEquals(LicenseCode.LEASE_OVERDUE, s.code());
        assertEquals(local.plus(Duration.ofHours(4)), s.until());
    }

    @Test
    void withoutALeasePolicyTheTokenAloneDecides() {
        assertEquals(LicenseCode.VALID, status("base", at(T0.plus(Duration.ofDays(99))), null).code());
    }

    @Test
    void messagesNameTheFeatureTheLicenseAndTheReason() {
        Evaluation e = Evaluator.evaluate(claims, at(T0.plus(Duration.ofDays(10))), T0.plus(Duration.ofDays(10)),
                activeLease, TAMPER_GRACE);
        String message = e.messages().get("beta");
        assertTrue(message.contains("'beta'") && message.contains("lic-1") && message.contains("expired"), message);
        assertFalse(e.messages().containsKey("base"));
        assertEquals(LicenseCode.FEATURE_MISSING, e.defaultCode());
    }
}
