package io.patchbay.license.gate.impl;

import io.patchbay.framework.spi.PatchbayHeaders;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
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
 *
 * <p>Each pass decides from the license as it is now and the bundle's state as it is now, so the last decision wins
 * whatever came before. A bundle another thread is stopping meanwhile (the framework's guard stopping a start the
 * license no longer covers, a stop by hand) has no state to decide on yet: it is watched, and its STOPPED event asks
 * for another pass, instead of the decision being dropped and the bundle left wherever that stop leaves it.
 */
final class GatedBundles {
    private static final Logger LOG = LoggerFactory.getLogger(GatedBundles.class);

    private final BundleContext context;
    private final LicensedFeatures features;
    private final BundleStops stops;
    private final Runnable again;
    private final Set<Long> unsettled = ConcurrentHashMap.newKeySet();
    private final BundleListener settled = this::settled;

    /** @param again asks for another pass on the gate's thread (once a bundle in mid-stop has stopped) */
    GatedBundles(BundleContext context, LicensedFeatures features, BundleStops stops, Runnable again) {
        this.context = context;
        this.features = features;
        this.stops = stops;
        this.again = again;
    }

    /** To be registered while the gate runs: hears when a watched bundle has settled. */
    BundleListener listener() {
        return settled;
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
            reconcile(bundle, needed, stopUnlicensed);
        }
    }

    private void reconcile(Bundle bundle, Set<String> needed, boolean stopUnlicensed) {
        boolean permitted = features.permits(bundle, needed);
        int state = bundle.getState();
        if (state == Bundle.STOPPING) {
            awaitSettled(bundle);
        } else if (permitted && (state == Bundle.INSTALLED || state == Bundle.RESOLVED)) {
            start(bundle, needed);
        } else if (!permitted && stopUnlicensed && (state == Bundle.ACTIVE || state == Bundle.STARTING)) {
            LOG.info("feature(s) {} no longer licensed: stopping {} {}", needed, bundle.getSymbolicName(),
                    bundle.getVersion());
            stops.stop(bundle);
        } else if (!permitted && stopUnlicensed && state == Bundle.RESOLVED) {
            LOG.info("feature(s) {} not licensed: unresolving the stopped {} {}", needed, bundle.getSymbolicName(),
                    bundle.getVersion());
            stops.stopped(bundle);
        }
    }

    /**
     * Watches a bundle another thread is stopping: its stop ends in a STOPPED event, which asks for another pass. It
     * may have stopped already, before it was watched, and then no event is left to come: the pass is asked for here.
     */
    private void awaitSettled(Bundle bundle) {
        LOG.info("{} {} is being stopped by another thread; deciding on it once it has stopped",
                bundle.getSymbolicName(), bundle.getVersion());
        unsettled.add(bundle.getBundleId());
        if (bundle.getState() != Bundle.STOPPING && unsettled.remove(bundle.getBundleId())) {
            again.run();
        }
    }

    private void settled(BundleEvent event) {
        int type = event.getType();
        if ((type == BundleEvent.STOPPED || type == BundleEvent.STARTED || type == BundleEvent.UNINSTALLED)
                && unsettled.remove(event.getBundle().getBundleId()) && !frameworkStopping()) {
            again.run();
        }
    }

    /** The framework's own stop of every bundle is nothing to decide on: a pass then could start what it stopped. */
    private boolean frameworkStopping() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        return system == null || system.getState() == Bundle.STOPPING;
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
