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

    /**
     * Checks the state is consistent.
     *
     * @param feature the feature name
     * @param code    why it is on or off
     * @param until   when this state ends, or null
     * @param inGrace whether it runs on grace
     * @throws NullPointerException     when {@code feature} or {@code code} is null
     * @throws IllegalArgumentException when a {@code VALID} feature is said to be in grace
     */
    public FeatureStatus {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(code, "code");
        if (code == LicenseCode.VALID && inGrace) {
            throw new IllegalArgumentException("a VALID feature is not in grace");
        }
    }

    /**
     * Whether the feature may run.
     *
     * @return true when valid, or in grace
     */
    public boolean enabled() {
        return code == LicenseCode.VALID || inGrace;
    }

    /**
     * The status of a feature the license does not name (or of any feature without a license).
     *
     * @param feature the feature name
     * @return {@link LicenseCode#FEATURE_MISSING}, off, no end
     */
    public static FeatureStatus missing(String feature) {
        return new FeatureStatus(feature, LicenseCode.FEATURE_MISSING, null, false);
    }
}
