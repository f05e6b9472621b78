package io.patchbay.license.api;

import static io.patchbay.license.api.TokenFixtures.T0;
import static io.patchbay.license.api.TokenFixtures.fingerprint;
import static io.patchbay.license.api.TokenFixtures.key;
import static io.patchbay.license.api.TokenFixtures.payloadOf;
import static io.patchbay.license.api.TokenFixtures.rawJws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Activation and lease requests (self-signed by the instance) and lease grants (vendor-signed). */
class LicenseMessagesTest {

    private final SigningKeyPair vendor = key(21);
    private final SigningKeyPair instance = key(22);
    private final SigningKeyPair other = key(23);
    private final Map<String, SigningPublicKey> trusted = Map.of("v1", vendor.publicKey());
    private final String ikey = instance.publicKey().base64Url();

    private static void refused(LicenseCode code, org.junit.jupiter.api.function.Executable e) {
        assertEquals(code, assertThrows(LicenseException.class, e).code());
    }

    @Test
    void activationRequestRoundTripsAndIsBoundToItsOwnKey() throws Exception {
        ActivationRequest request = new ActivationRequest("KEY-1234-ABCD", ikey, fingerprint(), "nonce-1", T0);
        String jws = LicenseTokens.signActivationRequest(request, instance);
        assertEquals(request, LicenseTokens.verifyActivationRequest(jws));
        assertThrows(IllegalArgumentException.class, () -> LicenseTokens.signActivationRequest(request, other));
        // The other key signs a request naming the instance key, with its own kid: refused.
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"" + LicenseTokens.ACTIVATION_REQUEST_TYPE + "\",\"kid\":\""
                + other.publicKey().base64Url() + "\"}";
        refused(LicenseCode.BAD_SIGNATURE, () -> LicenseTokens.verifyActivationRequest(rawJws(header, payloadOf(jws),
                other)));
        // ... or with the instance's kid: the signature does not verify.
        String header2 = header.replace(other.publicKey().base64Url(), ikey);
        refused(LicenseCode.BAD_SIGNATURE, () -> LicenseTokens.verifyActivationRequest(rawJws(header2, payloadOf(jws),
                other)));
        // A kid that is no key at all.
        String header3 = header.replace(other.publicKey().base64Url(), "v1");
        refused(LicenseCode.UNKNOWN_KEY, () -> LicenseTokens.verifyActivationRequest(rawJws(header3, payloadOf(jws),
                other)));
    }

    @Test
    void leaseRequestRoundTripsWithAndWithoutFreshness() throws Exception {
        LeaseRequest first = new LeaseRequest("lic-1", ikey, fingerprint(), null, "n-1", T0);
        LeaseRequest next = new LeaseRequest("lic-1", ikey, Map.of(), "fresh-abc", "n-2", T0.plusSeconds(60));
        assertEquals(first, LicenseTokens.verifyLeaseRequest(LicenseTokens.signLeaseRequest(first, instance)));
        assertEquals(next, LicenseTokens.verifyLeaseRequest(LicenseTokens.signLeaseRequest(next, instance)));
        String asActivation = LicenseTokens.signLeaseRequest(first, instance);
        refused(LicenseCode.BAD_SIGNATURE, () -> LicenseTokens.verifyActivationRequest(asActivation));
    }

    @Test
    void leaseGrantRoundTripsAndCarriesAToken() throws Exception {
        String token = LicenseTokens.issue(TokenFixtures.claims(instance), vendor, "v1");
        LeaseGrant grant = new LeaseGrant("lic-1", ikey, "n-2", LeaseStatus.SUSPENDED, T0, T0.plusSeconds(3600),
                "fresh-def", token, null);
        String jws = LicenseTokens.issueLease(grant, vendor, "v1");
        assertEquals(grant.withKeyId("v1"), LicenseTokens.verifyLease(jws, trusted));
        refused(LicenseCode.UNKNOWN_KEY, () -> LicenseTokens.verifyLease(jws, Map.of("v2", vendor.publicKey())));
        // An instance cannot sign its own grant.
        String forged = rawJws("{\"alg\":\"EdDSA\",\"typ\":\"" + LicenseTokens.LEASE_GRANT_TYPE + "\",\"kid\":\"v1\"}",
                payloadOf(jws), instance);
        refused(LicenseCode.BAD_SIGNATURE, () -> LicenseTokens.verifyLease(forged, trusted));
        String badStatus = rawJws("{\"alg\":\"EdDSA\",\"typ\":\"" + LicenseTokens.LEASE_GRANT_TYPE
                + "\",\"kid\":\"v1\"}", payloadOf(jws).replace("SUSPENDED", "active"), vendor);
        refused(LicenseCode.BAD_SIGNATURE, () -> LicenseTokens.verifyLease(badStatus, trusted));
    }

    @Test
    void recordsRefuseValuesOutsideTheirBounds() {
        assertThrows(IllegalArgumentException.class, () -> new LeaseRequest("lic 1", ikey, Map.of(), null, "n", T0));
        assertThrows(IllegalArgumentException.class,
                () -> new LeaseRequest("lic-1", "not-a-key-aaaaaaaaaaaaaaaaaaaa", Map.of(), null, "n", T0));
        assertThrows(IllegalArgumentException.class,
                () -> new LeaseRequest("lic-1", ikey, Map.of(), null, "n", T0.plusMillis(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ActivationRequest("k", ikey, Map.of("machine-id", "raw"), "n", T0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureGrant("bad name", null, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new LeasePolicy(java.time.Duration.ZERO, java.time.Duration.ofDays(1)));
    }
}
