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

    /**
     * Checks every component against {@link Limits}, so a parsed message carries nothing unbounded.
     *
     * @param licenseId   the license being renewed
     * @param instanceKey the instance's public key, unpadded base64url
     * @param fingerprint component name to HMAC'd value (copied)
     * @param freshness   the value from the last renewal, or null at the first
     * @param nonce       a fresh random value
     * @param issuedAt    when the request was made (whole seconds)
     * @throws IllegalArgumentException when a component other than {@code freshness} is null, or any is malformed
     *                                  or out of bounds
     */
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
