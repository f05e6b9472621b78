package io.patchbay.license.impl.identity;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseException;
import java.util.Map;
import java.util.Objects;

/**
 * This instance as a license sees it: its key and its current fingerprint.
 *
 * @param key         the instance key (private; stays in the data directory)
 * @param fingerprint the current fingerprint (HMAC'd components)
 */
public record InstanceIdentity(SigningKeyPair key, Map<String, String> fingerprint) {

    public InstanceIdentity {
        Objects.requireNonNull(key, "key");
        fingerprint = Map.copyOf(fingerprint);
    }

    public String publicKey() {
        return key.publicKey().base64Url();
    }

    /**
     * @throws LicenseException {@link LicenseCode#FINGERPRINT_MISMATCH} when the license is bound to another
     *         instance key, or its fingerprint no longer matches this machine (tolerantly, see
     *         {@link FingerprintMatch})
     */
    public void checkBinding(LicenseClaims claims) throws LicenseException {
        if (!claims.instanceKey().equals(publicKey())) {
            throw new LicenseException(LicenseCode.FINGERPRINT_MISMATCH, "license " + claims.licenseId()
                    + " is bound to another instance key");
        }
        FingerprintMatch match = FingerprintMatch.of(claims.fingerprint(), fingerprint);
        if (!match.matches()) {
            throw new LicenseException(LicenseCode.FINGERPRINT_MISMATCH, "license " + claims.licenseId()
                    + " is bound to another machine: " + match.differing() + " differ (" + match.matchedWeight()
                    + " of " + match.boundWeight() + " matching)");
        }
    }
}
