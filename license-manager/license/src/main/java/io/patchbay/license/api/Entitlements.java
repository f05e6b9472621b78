package io.patchbay.license.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What is licensed now. {@link #enabled(String)} is a single volatile read of an immutable map, cheap enough for
 * a hot path; the state changes only when the license is re-evaluated (start, import, renewal, expiry, clock).
 * Thread-safe.
 */
@ProviderType
public interface Entitlements {

    /** Whether the feature may run now (valid, or in grace). Unknown features are off. */
    boolean enabled(String feature);

    /** The feature's status; {@link LicenseCode#FEATURE_MISSING} for a feature the license does not name. */
    FeatureStatus status(String feature);

    /** Every feature the license names, with its status (an immutable snapshot). */
    Map<String, FeatureStatus> snapshot();

    /** Called after each change, with the features whose status changed; registered until removed. */
    void addListener(EntitlementsListener listener);

    void removeListener(EntitlementsListener listener);
}
