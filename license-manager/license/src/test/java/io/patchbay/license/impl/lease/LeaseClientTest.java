package io.patchbay.license.impl.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeasePolicy;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LeaseTransport;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.impl.identity.InstanceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease client refuses every answer that is not a fresh grant for this license, instance and request. */
class LeaseClientTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final LeasePolicy LEASE = new LeasePolicy(Duration.ofHours(1), Duration.ofDays(3));

    @TempDir
    Path dir;

    private final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());
    private final InstanceIdentity identity = new InstanceIdentity(SigningKeyPair.generate(new SecureRandom()),
            Map.of());
    private final LicenseClaims claims = new LicenseClaims("lic-1", "C", identity.publicKey(), Map.of(),
            List.of(FeatureGrant.of("f")), T0, null, LEASE, null);

    /** A server that answers with a grant derived from the request, edited by {@code edit}. */
    private LeaseTransport answering(UnaryOperator<LeaseGrant> edit, SigningKeyPair signer) {
        return request -> {
            try {
                LeaseRequest r = LicenseTokens.verifyLeaseRequest(request);
                LeaseGrant grant = new LeaseGrant(r.licenseId(), r.instanceKey(), r.nonce(), LeaseStatus.ACTIVE,
                        T0, T0.plus(LEASE.checkInInterval()), "fresh-1", null, null);
                return LicenseTokens.issueLease(edit.apply(grant), signer, "v1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private LeaseClient client(LeaseTransport transport) {
        return new LeaseClient(dir, Map.of("v1", vendor.publicKey()), transport, new SecureRandom());
    }

    @Test
    void aFreshGrantIsStoredAndTheNextAttemptIsAnIntervalLater() throws Exception {
        LeaseClient lease = client(answering(g -> g, vendor));
        assertEquals(T0, lease.nextAttempt(claims, T0));
        assertEquals(LeaseClient.Outcome.RENEWED, lease.renew(claims, identity, T0));
        assertEquals(T0.plus(LEASE.checkInInterval()), lease.nextAttempt(claims, T0));
        assertEquals(new LeaseView(LeaseStatus.ACTIVE, T0.plus(LEASE.checkInInterval())), lease.view(claims));
        LeaseClient reloaded = client(answering(g -> g, vendor));
        reloaded.load(claims);
        assertEquals("fresh-1", reloaded.lastGrant().freshness());
    }

    @Test
    void grantsForAnotherLicenseInstanceOrRequestAreRefused() {
        String otherKey = SigningKeyPair.generate(new SecureRandom()).publicKey().base64Url();
        List<UnaryOperator<LeaseGrant>> edits = List.of(
                g -> new LeaseGrant("lic-2", g.instanceKey(), g.requestNonce(), g.status(), g.serverTime(),
                        g.leaseExpiresAt(), g.freshness(), null, null),
                g -> new LeaseGrant(g.licenseId(), otherKey, g.requestNonce(), g.status(), g.serverTime(),
                        g.leaseExpiresAt(), g.freshness(), null, null),
                g -> new LeaseGrant(g.licenseId(), g.instanceKey(), "old-nonce", LeaseStatus.ACTIVE, g.serverTime(),
                        g.leaseExpiresAt(), g.freshness(), null, null));
        for (UnaryOperator<LeaseGrant> edit : edits) {
            LeaseClient lease = client(answering(edit, vendor));
            assertEquals(LeaseClient.Outcome.REFUSED_ANSWER, lease.renew(claims, identity, T0));
            assertNull(lease.lastGrant());
            assertEquals(T0.plus(LeaseClient.RETRY), lease.nextAttempt(claims, T0));
        }
    }

    @Test
    void aGrantSignedByAnUntrustedKeyOrGarbageIsRefused() {
        assertEquals(LeaseClient.Outcome.REFUSED_ANSWER,
                client(answering(g -> g, identity.key())).renew(claims, identity, T0));
        assertEquals(LeaseClient.Outcome.REFUSED_ANSWER, client(r -> "not a grant").renew(claims, identity, T0));
        assertEquals(LeaseClient.Outcome.REFUSED_ANSWER, client(r -> "x".repeat(1 << 20)).renew(claims, identity, T0));
    }

    @Test
    void anUnreachableServerIsRetriedSoonerThanTheIntervalButNotAtOnce() {
        LeaseClient lease = client(r -> {
            throw new java.io.IOException("connection refused");
        });
        assertEquals(LeaseClient.Outcome.UNREACHABLE, lease.renew(claims, identity, T0));
        assertEquals(T0.plus(LeaseClient.RETRY), lease.nextAttempt(claims, T0));
        LeaseClient buggy = client(r -> {
            throw new IllegalStateException("transport bug");
        });
        assertEquals(LeaseClient.Outcome.UNREACHABLE, buggy.renew(claims, identity, T0));
    }

    @Test
    void aStoredGrantForAnotherLicenseOrAlteredIsIgnored() throws Exception {
        client(answering(g -> g, vendor)).renew(claims, identity, T0);
        LicenseClaims other = new LicenseClaims("lic-9", "C", identity.publicKey(), Map.of(),
                List.of(FeatureGrant.of("f")), T0, null, LEASE, null);
        LeaseClient forOther = client(answering(g -> g, vendor));
        forOther.load(other);
        assertNull(forOther.lastGrant());
        Path file = dir.resolve(LeaseClient.FILE);
        Files.writeString(file, Files.readString(file).replace('.', ','));
        LeaseClient altered = client(answering(g -> g, vendor));
        altered.load(claims);
        assertNull(altered.lastGrant());
        assertEquals(new LeaseView(LeaseStatus.ACTIVE, T0.plus(LEASE.checkInInterval())), altered.view(claims),
                "without a grant the activation is the first lease");
    }
}
