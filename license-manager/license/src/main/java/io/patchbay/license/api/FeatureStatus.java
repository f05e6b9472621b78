package io.patchbay.license.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A feature's state at one evaluation.
 *
 * @param feature the feature name
 * @param code    why it is on or off
 * @param until   when this state ends on its own: the feature's (or license's) expiry when {@code VALID}, the end
 *                of the grace when {@code inGrace}; null when open-ended or off
 * @param inGrace true when the feature runs on although {@code code} is not {@code VALID} (lease overdue or clock
 *                set back, within the offline grace)
 */
public record FeatureStatus(String feature, LicenseCode code, Instant until, boolean inGrace) {

    public FeatureStatus {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(code, "code");
        if (code == LicenseCode.VALID && inGrace) {
            throw new IllegalArgumentException("a VALID feature is not in grace");
        }
    }

    /** Whether the feature may run: valid, or in grace. */
    public boolean enabled() {
        return code == LicenseCode.VALID || inGrace;
    }

    public static FeatureStatus missing(String feature) {
        return new FeatureStatus(feature, LicenseCode.FEATURE_MISSING, null, false);
    }
}
