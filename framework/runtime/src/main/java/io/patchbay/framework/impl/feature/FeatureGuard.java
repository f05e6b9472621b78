package io.patchbay.framework.impl.feature;

import io.patchbay.framework.spi.FeatureGate;
import io.patchbay.framework.spi.PatchbayHeaders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's side of licensing, failing closed: a bundle whose manifest names licensed features
 * ({@link PatchbayHeaders#REQUIRED_FEATURES}) may resolve or start only while a {@link FeatureGate} service permits
 * every one of them. No gate, a gate from another class space and a gate that throws all mean "held". All gates are
 * tracked whatever their class space (attached to a framework, the runtime's context may not import the SPI itself),
 * and the best one is used only if it is this runtime's {@code FeatureGate}. The answer is never cached, since
 * licenses change live; the header is read once per revision.
 *
 * <p>The resolver hook and Patchbay's own starts ask {@link #holdReason} first. A gated bundle that is already
 * resolved (stopped by hand while licensed, say) could still be started by a plain {@code Bundle.start} with no gate
 * to ask; the guard watches for that and stops it again at once (transiently, on its own thread), logging why.
 */
public final class FeatureGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureGuard.class);

    private final BundleContext context;
    private final ServiceTracker<Object, Object> gates;
    private final BundleListener watchdog = this::started;
    private final ExecutorService stopper = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "patchbay-feature-guard");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<BundleRevision, Set<String>> required = Collections.synchronizedMap(new WeakHashMap<>());

    public FeatureGuard(BundleContext context) {
        this.context = context;
        this.gates = new ServiceTracker<>(context, FeatureGate.class.getName(), null);
        gates.open(true);
        context.addBundleListener(watchdog);
    }

    private void started(BundleEvent event) {
        if (event.getType() != BundleEvent.STARTED) {
            return;
        }
        Bundle bundle = event.getBundle();
        String held = holdReason(bundle);
        if (held == null) {
            return;
        }
        try {
            stopper.execute(() -> stopUnpermitted(bundle));
        } catch (RejectedExecutionException closed) {
            // the runtime is stopping
        }
    }

    /**
     * Asks again on the guard's own thread: a gate may have come up, or permitted it, in between. The answer may go
     * stale before the stop lands (the gate, permitting it meanwhile, saw it running and left it), so the gate is
     * asked once more after the stop, and a stop it no longer backs is undone (transiently, as it was made).
     */
    private void stopUnpermitted(Bundle bundle) {
        String held = holdReason(bundle);
        if (held == null || bundle.getState() != Bundle.ACTIVE) {
            return;
        }
        LOG.warn("{} {} was started although {}; stopping it", bundle.getSymbolicName(), bundle.getVersion(), held);
        try {
            bundle.stop(Bundle.STOP_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            LOG.error("could not stop {} {}, started without its licensed features", bundle.getSymbolicName(),
                    bundle.getVersion(), e);
            return;
        }
        if (holdReason(bundle) == null && bundle.getState() == Bundle.RESOLVED && persistentlyStarted(bundle)) {
            LOG.info("{} {} was permitted while it was being stopped; starting it again", bundle.getSymbolicName(),
                    bundle.getVersion());
            try {
                bundle.start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                LOG.error("could not start {} {} again", bundle.getSymbolicName(), bundle.getVersion(), e);
            }
        }
    }

    /** Started, and not stopped since but transiently: nobody meant it to stay stopped. */
    private static boolean persistentlyStarted(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return level != null && level.isPersistentlyStarted();
    }

    /** The features {@code bundle}'s current revision needs; empty for a bundle that is not gated. */
    public Set<String> required(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return features(bundle);
        }
        Set<String> known = required.get(revision);
        if (known == null) {
            known = features(bundle);
            required.put(revision, known);
        }
        return known;
    }

    private static Set<String> features(Bundle bundle) {
        // the raw headers: no localisation lookup, and a bundle cannot hide the header behind a locale
        return PatchbayHeaders.parseFeatures(bundle.getHeaders("").get(PatchbayHeaders.REQUIRED_FEATURES));
    }

    public boolean gated(Bundle bundle) {
        return !required(bundle).isEmpty();
    }

    /** Why {@code bundle} may not resolve or start now, or null when it may (not gated, or every feature permitted). */
    public String holdReason(Bundle bundle) {
        Set<String> needed = required(bundle);
        if (needed.isEmpty()) {
            return null;
        }
        Object service = gates.getService();
        if (!(service instanceof FeatureGate gate)) {
            return "it needs licensed feature(s) " + needed + " and no feature gate is running"
                    + (service == null ? "" : " (the one registered implements another FeatureGate class)");
        }
        try {
            return gate.permits(bundle, needed) ? null : "feature(s) " + needed + " are not licensed";
        } catch (RuntimeException | LinkageError e) {
            return "the feature gate failed deciding on feature(s) " + needed + ": " + e;
        }
    }

    /**
     * {@code bundles} with the gated ones last, each group in its given order: a feature gate starting in the same
     * batch is up before the bundles it decides on.
     */
    public List<Bundle> gatedLast(Collection<Bundle> bundles) {
        List<Bundle> ordered = new ArrayList<>(bundles.size());
        List<Bundle> gated = new ArrayList<>();
        for (Bundle bundle : bundles) {
            (gated(bundle) ? gated : ordered).add(bundle);
        }
        ordered.addAll(gated);
        return ordered;
    }

    @Override
    public void close() {
        try {
            context.removeBundleListener(watchdog);
        } catch (IllegalStateException stopped) {
            // the framework went first
        }
        stopper.shutdownNow();
        gates.close();
    }
}
