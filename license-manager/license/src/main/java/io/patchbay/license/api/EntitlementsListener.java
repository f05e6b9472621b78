package io.patchbay.license.api;

import java.util.Map;

/** Told when features change state (the gate starts or stops bundles from here). */
@FunctionalInterface
public interface EntitlementsListener {

    /**
     * @param changed the features whose status changed, with their new status (a feature that disappeared from
     *                the license is reported as {@link LicenseCode#FEATURE_MISSING}); never empty
     */
    void changed(Map<String, FeatureStatus> changed);
}
