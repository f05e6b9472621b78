package io.patchbay.license.gate.impl;

import io.patchbay.framework.spi.PatchbayHeaders;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the container's gated bundles in line with what is licensed: a gated bundle whose features are all
 * permitted and that is not running is resolved and started; one running without permission is stopped through
 * {@link BundleStops} (drained, stopped, unresolved), and one stopped but still resolved (stopped by hand while
 * licensed) is unresolved, so that no plain {@code Bundle.start} can run it past the framework's resolver hook.
 * Runs on the gate's own thread, never inside a resolve.
 */
final class GatedBundles {
    private static final Logger LOG = LoggerFactory.getLogger(GatedBundles.class);

    private final BundleContext context;
    private final LicensedFeatures features;
    private final BundleStops stops;

    GatedBundles(BundleContext context, LicensedFeatures features, BundleStops stops) {
        this.context = context;
        this.features = features;
        this.stops = stops;
    }

    static Set<String> required(Bundle bundle) {
        return PatchbayHeaders.parseFeatures(bundle.getHeaders("").get(PatchbayHeaders.REQUIRED_FEATURES));
    }

    /**
     * @param stopUnlicensed whether running bundles whose features are off are stopped; false while no source says
     *                       so (no source yet, or it went away), so a gap in the license state never cuts anyone off
     */
    void reconcile(boolean stopUnlicensed) {
        for (Bundle bundle : context.getBundles()) {
            Set<String> needed = required(bundle);
            if (needed.isEmpty() || bundle.getState() == Bundle.UNINSTALLED || isFragment(bundle)) {
                continue;
            }
            boolean permitted = features.permits(bundle, needed);
            int state = bundle.getState();
            if (permitted && (state == Bundle.INSTALLED || state == Bundle.RESOLVED)) {
                start(bundle, needed);
            } else if (!permitted && stopUnlicensed && (state == Bundle.ACTIVE || state == Bundle.STARTING)) {
                LOG.info("feature(s) {} no longer licensed: stopping {} {}", needed, bundle.getSymbolicName(),
                        bundle.getVersion());
                stops.stop(bundle);
            } else if (!permitted && stopUnlicensed && state == Bundle.RESOLVED) {
                LOG.info("feature(s) {} not licensed: unresolving the stopped {} {}", needed, bundle.getSymbolicName(),
                        bundle.getVersion());
                stops.unresolve(bundle);
            }
        }
    }

    private void start(Bundle bundle, Set<String> needed) {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (!wiring.resolveBundles(List.of(bundle))) {
            LOG.warn("feature(s) {} are licensed but {} {} does not resolve", needed, bundle.getSymbolicName(),
                    bundle.getVersion());
            return;
        }
        try {
            bundle.start();
            LOG.info("feature(s) {} licensed: started {} {}", needed, bundle.getSymbolicName(), bundle.getVersion());
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("feature(s) {} are licensed but {} {} failed to start", needed, bundle.getSymbolicName(),
                    bundle.getVersion(), e);
        }
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
