package io.patchbay.license.api;

import java.time.Instant;
import java.util.Map;

/**
 * A lease renewal (a heartbeat), signed with the instance key ({@link LicenseTokens#signLeaseRequest}).
 *
 * @param licenseId   the license being renewed
 * @param instanceKey the instance's Ed25519 public key, unpadded base64url (the key that signed this request)
 * @param fingerprint component name to HMAC'd value, as now seen (the server may flag a license on too many)
 * @param freshness   the freshness value the server returned at the last renewal (null at the first): two
 *                    instances presenting the same or a stale value are a clone
 * @param nonce       a fresh random value; the server echoes it in its {@link LeaseGrant}
 * @param issuedAt    the instance's local time when it sent the request (whole seconds)
 */
public record LeaseRequest(String licenseId, String instanceKey, Map<String, String> fingerprint, String freshness,
                           String nonce, Instant issuedAt) {

    public LeaseRequest {
        Limits.id(licenseId, "license id");
        Limits.instanceKey(instanceKey);
        fingerprint = Limits.fingerprint(fingerprint);
        if (freshness != null) {
            Limits.id(freshness, "freshness value");
        }
        Limits.id(nonce, "nonce");
        Limits.instant(issuedAt, "issued-at");
    }
}
