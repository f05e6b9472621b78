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

    /**
     * Whether the feature may run now (valid, or in grace). Unknown features are off.
     *
     * @param feature the feature name, as in a bundle's {@code Patchbay-Feature} header
     * @return true when the feature may run
     */
    boolean enabled(String feature);

    /**
     * The feature's status, for showing a user why a feature is off or until when it runs.
     *
     * @param feature the feature name
     * @return its status; {@link LicenseCode#FEATURE_MISSING} for a feature the license does not name (or no
     *         license), never null
     */
    FeatureStatus status(String feature);

    /**
     * Every feature the license names, with its status.
     *
     * @return an immutable snapshot by feature name; empty without a license
     */
    Map<String, FeatureStatus> snapshot();

    /**
     * Registers a listener, called after each change with the features whose status changed, on the thread that
     * re-evaluated the license. It stays registered until removed.
     *
     * @param listener the listener, not null
     * @throws NullPointerException when {@code listener} is null
     */
    void addListener(EntitlementsListener listener);

    /**
     * Unregisters a listener; one that was never added is ignored.
     *
     * @param listener the listener to remove
     */
    void removeListener(EntitlementsListener listener);
}
