package io.patchbay.license.gate.impl;

import io.patchbay.framework.spi.FeatureGate;
import io.patchbay.license.gate.api.FeatureSource;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * The gate's answer to the framework: a bundle is permitted while the current {@link FeatureSource} enables every
 * feature it names. No source means nothing is permitted; a source that throws permits nothing either (the framework
 * treats a throwing gate the same way, but the reason is clearer here).
 */
public final class LicensedFeatures implements FeatureGate {
    private volatile FeatureSource source;

    /** Uses {@code next} from now on; null for none. */
    public void use(FeatureSource next) {
        this.source = next;
    }

    public boolean hasSource() {
        return source != null;
    }

    /** Whether one feature is licensed now: one volatile read, then the source's own check. */
    public boolean enabled(String feature) {
        FeatureSource current = source;
        return current != null && current.enabled(feature);
    }

    @Override
    public boolean permits(Bundle bundle, Set<String> features) {
        FeatureSource current = source;
        if (current == null || features.isEmpty()) {
            return false;
        }
        for (String feature : features) {
            if (!current.enabled(feature)) {
                return false;
            }
        }
        return true;
    }
}
