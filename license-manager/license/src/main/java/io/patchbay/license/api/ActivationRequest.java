package io.patchbay.license.api;

import java.time.Instant;
import java.util.Map;

/**
 * What an instance sends (online, or as a file for an air-gapped host) to get its node-locked token. Signed with
 * the instance's own key ({@link LicenseTokens#signActivationRequest}), so the server learns that the sender
 * holds the private key of the key it asks the license to be bound to.
 *
 * @param licenseKey  the license key the customer was given
 * @param instanceKey the instance's Ed25519 public key, unpadded base64url
 * @param fingerprint component name to HMAC'd value
 * @param nonce       a fresh random value (the server refuses a replay)
 * @param issuedAt    when the instance made the request (whole seconds)
 */
public record ActivationRequest(String licenseKey, String instanceKey, Map<String, String> fingerprint, String nonce,
                                Instant issuedAt) {

    /**
     * Checks every component against {@link Limits}, so a parsed message carries nothing unbounded.
     *
     * @param licenseKey  the license key the customer was given
     * @param instanceKey the instance's public key, unpadded base64url
     * @param fingerprint component name to HMAC'd value (copied)
     * @param nonce       a fresh random value
     * @param issuedAt    when the request was made (whole seconds)
     * @throws IllegalArgumentException when a component is null, malformed or out of bounds
     */
    public ActivationRequest {
        Limits.id(licenseKey, "license key");
        Limits.instanceKey(instanceKey);
        fingerprint = Limits.fingerprint(fingerprint);
        Limits.id(nonce, "nonce");
        Limits.instant(issuedAt, "issued-at");
    }
}
