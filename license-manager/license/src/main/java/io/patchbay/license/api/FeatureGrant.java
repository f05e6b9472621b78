package io.patchbay.license.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One licensed feature.
 *
 * @param name      the feature name, as bundles name it in their {@code Patchbay-Feature} header
 * @param expiresAt when this feature ends (null: with the license)
 * @param limits    named numeric limits (seats, users, ...), non-negative; immutable and sorted by name
 */
public record FeatureGrant(String name, Instant expiresAt, Map<String, Long> limits) {

    /**
     * Checks the name and limits and copies the limits into a sorted, immutable map.
     *
     * @param name      the feature name
     * @param expiresAt when this feature ends, or null
     * @param limits    named numeric limits
     * @throws IllegalArgumentException when the name is malformed, the expiry out of range, or there are too many
     *                                  limits ({@link Limits#MAX_LIMITS_PER_FEATURE}) or a negative or null one
     */
    public FeatureGrant {
        Limits.name(name, "feature name");
        if (expiresAt != null) {
            Limits.instant(expiresAt, "expiry of feature " + name);
        }
        Limits.size(limits, Limits.MAX_LIMITS_PER_FEATURE, "limits of feature " + name);
        TreeMap<String, Long> copy = new TreeMap<>();
        limits.forEach((k, v) -> {
            Limits.name(k, "limit name");
            if (v == null || v < 0) {
                throw new IllegalArgumentException("limit " + k + " of feature " + name + " must be >= 0");
            }
            copy.put(k, v);
        });
        limits = Collections.unmodifiableMap(copy);
    }

    /**
     * A feature with no expiry of its own and no limits.
     *
     * @param name the feature name
     * @return the grant
     * @throws IllegalArgumentException when the name is malformed
     */
    public static FeatureGrant of(String name) {
        return new FeatureGrant(name, null, Map.of());
    }
}
