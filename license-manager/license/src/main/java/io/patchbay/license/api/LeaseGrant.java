package io.patchbay.license.api;

import java.time.Instant;

/**
 * The server's signed answer to a {@link LeaseRequest} ({@link LicenseTokens#issueLease}), signed with a vendor
 * key like license tokens.
 *
 * @param licenseId     the license
 * @param instanceKey   the instance it answers (a grant for another instance is refused by the client)
 * @param requestNonce  the nonce of the request it answers, so an old grant cannot be replayed to the client
 * @param status        active, revoked or suspended
 * @param serverTime    the server's time when it answered: trusted time for the clock high-water mark
 * @param leaseExpiresAt until when the lease holds without another renewal (the offline grace runs after it)
 * @param freshness     the new freshness value to present at the next renewal
 * @param licenseToken  a replacement license token (features changed), or null
 * @param keyId         the vendor key id (filled from the JWS header when verified)
 */
public record LeaseGrant(String licenseId, String instanceKey, String requestNonce, LeaseStatus status,
                         Instant serverTime, Instant leaseExpiresAt, String freshness, String licenseToken,
                         String keyId) {

    /**
     * Checks every component against {@link Limits}, so a parsed message carries nothing unbounded.
     *
     * @param licenseId      the license
     * @param instanceKey    the instance it answers
     * @param requestNonce   the nonce of the request it answers
     * @param status         active, revoked or suspended
     * @param serverTime     the server's time when it answered
     * @param leaseExpiresAt until when the lease holds
     * @param freshness      the value to present at the next renewal
     * @param licenseToken   a replacement license token, or null
     * @param keyId          the vendor key id, or null before verification
     * @throws IllegalArgumentException when a required component is null, or any is malformed or out of bounds
     */
    public LeaseGrant {
        Limits.id(licenseId, "license id");
        Limits.instanceKey(instanceKey);
        Limits.id(requestNonce, "request nonce");
        if (status == null) {
            throw new IllegalArgumentException("status is missing");
        }
        Limits.instant(serverTime, "server time");
        Limits.instant(leaseExpiresAt, "lease expiry");
        Limits.id(freshness, "freshness value");
        if (licenseToken != null && (licenseToken.isEmpty() || licenseToken.length() > Limits.MAX_TOKEN_CHARS)) {
            throw new IllegalArgumentException("license token must be 1.." + Limits.MAX_TOKEN_CHARS + " characters");
        }
        if (keyId != null) {
            Limits.id(keyId, "key id");
        }
    }

    /**
     * The same grant with another key id (what verification fills in from the JWS header).
     *
     * @param id the vendor key id
     * @return a copy with {@link #keyId()} set
     */
    public LeaseGrant withKeyId(String id) {
        return new LeaseGrant(licenseId, instanceKey, requestNonce, status, serverTime, leaseExpiresAt, freshness,
                licenseToken, id);
    }
}
