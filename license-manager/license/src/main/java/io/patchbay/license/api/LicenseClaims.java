package io.patchbay.license.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a license token says. Every value is checked against {@link Limits} when the record is built, so a
 * token that parses carries nothing unbounded.
 *
 * @param licenseId   the license's id (the server's key for it)
 * @param customer    who bought it (free text, shown to users)
 * @param instanceKey the bound instance's Ed25519 public key, unpadded base64url (32 bytes)
 * @param fingerprint component name to HMAC'd value (base64url), as the instance reported it at activation;
 *                    may be empty (then the instance key alone binds the license)
 * @param features    the licensed features, unique names
 * @param notBefore   start of validity
 * @param expiresAt   end of validity (null: perpetual)
 * @param lease       check-in policy (null: no lease, the token alone decides)
 * @param keyId       the id of the vendor key that signed it (set from the JWS header when verified; ignored by
 *                    {@link LicenseTokens#issue}, which takes the key id as an argument)
 */
public record LicenseClaims(String licenseId, String customer, String instanceKey, Map<String, String> fingerprint,
                            List<FeatureGrant> features, Instant notBefore, Instant expiresAt, LeasePolicy lease,
                            String keyId) {

    /**
     * Checks every component against {@link Limits}, so a parsed message carries nothing unbounded.
     *
     * @param licenseId   the license's id
     * @param customer    who bought it
     * @param instanceKey the bound instance's public key
     * @param fingerprint component name to HMAC'd value (copied)
     * @param features    the licensed features (copied)
     * @param notBefore   start of validity
     * @param expiresAt   end of validity, or null
     * @param lease       check-in policy, or null
     * @param keyId       the signing vendor key's id, or null
     * @throws IllegalArgumentException when a required component is null, a value is malformed or out of bounds,
     *                                  a feature is null or named twice, or the expiry is not after not-before
     */
    public LicenseClaims {
        Limits.id(licenseId, "license id");
        Limits.text(customer, "customer");
        Limits.instanceKey(instanceKey);
        fingerprint = Limits.fingerprint(fingerprint);
        if (features == null || features.size() > Limits.MAX_FEATURES) {
            throw new IllegalArgumentException("features must be a list of at most " + Limits.MAX_FEATURES);
        }
        HashSet<String> names = new HashSet<>();
        for (FeatureGrant f : features) {
            if (f == null || !names.add(f.name())) {
                throw new IllegalArgumentException("features hold a null or a duplicate: " + f);
            }
        }
        features = List.copyOf(new ArrayList<>(features));
        Limits.instant(notBefore, "not-before");
        if (expiresAt != null) {
            Limits.instant(expiresAt, "expiry");
            if (!expiresAt.isAfter(notBefore)) {
                throw new IllegalArgumentException("expiry " + expiresAt + " is not after not-before " + notBefore);
            }
        }
        if (keyId != null) {
            Limits.id(keyId, "key id");
        }
    }

    /**
     * Looks up one feature's grant.
     *
     * @param name the feature name
     * @return the grant; empty when the license does not name the feature
     */
    public Optional<FeatureGrant> feature(String name) {
        for (FeatureGrant f : features) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The same claims with another key id (what verification fills in from the JWS header).
     *
     * @param id the vendor key id
     * @return a copy with {@link #keyId()} set
     */
    public LicenseClaims withKeyId(String id) {
        return new LicenseClaims(licenseId, customer, instanceKey, fingerprint, features, notBefore, expiresAt, lease,
                id);
    }
}
