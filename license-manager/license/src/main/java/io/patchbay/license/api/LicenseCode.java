package io.patchbay.license.api;

/** Why a feature is on or off. Only {@link #VALID} enables a feature outright; see {@link FeatureStatus#inGrace()}. */
public enum LicenseCode {
    /** Signed, bound to this instance, in its validity period, lease current. */
    VALID,
    /** The license (or the feature's grant) is past its expiry in trusted time. */
    EXPIRED,
    /** The license is not valid yet (its not-before is in the future in trusted time). */
    NOT_YET_VALID,
    /** The license is bound to another instance key or too many fingerprint components differ. */
    FINGERPRINT_MISMATCH,
    /** Malformed, tampered, wrong type or algorithm, or a signature that does not verify. */
    BAD_SIGNATURE,
    /** Signed with a key id that no trusted vendor key carries (or none). */
    UNKNOWN_KEY,
    /** The server revoked the license (learned at a renewal). */
    REVOKED,
    /** The lease was not renewed within the offline grace. */
    LEASE_OVERDUE,
    /** The clock was set back beyond the tolerance (trusted-time high-water mark). */
    CLOCK_TAMPERED,
    /** The license names no such feature, or there is no license. */
    FEATURE_MISSING,
    /** The server suspended the license (learned at a renewal); it can be lifted. */
    SUSPENDED
}
