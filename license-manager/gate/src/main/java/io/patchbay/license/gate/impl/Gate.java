package io.patchbay.license.gate.impl;

import io.patchbay.framework.spi.CallDrain;
import io.patchbay.framework.spi.FeatureGate;
import io.patchbay.license.gate.api.FeatureSource;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate while its bundle runs: follows the {@link FeatureSource}, registers the framework's {@link FeatureGate},
 * and reconciles the gated bundles on its own thread whenever the source reports a change (and once on start).
 * Closing it stops nothing: bundles running stay running while the gate is swapped; the framework holds back new ones.
 */
public final class Gate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
    /** How long a stop waits for calls in flight, in milliseconds (framework property). */
    public static final String DRAIN_TIMEOUT_PROPERTY = "patchbay.license.gate.drainTimeoutMillis";
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final BundleContext context;
    private final LicensedFeatures features = new LicensedFeatures();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "patchbay-license-gate");
        thread.setDaemon(true);
        return thread;
    });
    private final Runnable changed = () -> schedule(true);
    private final ServiceTracker<CallDrain, CallDrain> drains;
    private final ServiceTracker<FeatureSource, FeatureSource> sources;
    private final GatedBundles bundles;
    private ServiceRegistration<FeatureGate> registration;

    public Gate(BundleContext context, Duration drainTimeout) {
        this.context = context;
        this.drains = new ServiceTracker<>(context, CallDrain.class, null);
        this.sources = new ServiceTracker<>(context, FeatureSource.class, new Sources());
        this.bundles = new GatedBundles(context, features, new BundleStops(context, drains::getService, drainTimeout));
    }

    /** The drain timeout the framework property names, or the default. */
    public static Duration drainTimeout(BundleContext context) {
        String value = context.getProperty(DRAIN_TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_DRAIN_TIMEOUT;
        }
        try {
            long millis = Long.parseLong(value.strip());
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException ignored) {
            // falls through to the default, said below
        }
        LOG.warn("{}={} is not a positive number of milliseconds; using {}", DRAIN_TIMEOUT_PROPERTY, value,
                DEFAULT_DRAIN_TIMEOUT);
        return DEFAULT_DRAIN_TIMEOUT;
    }

    public void open() {
        drains.open();
        sources.open();
        registration = context.registerService(FeatureGate.class, features, null);
        schedule(true);
    }

    /** What the gate answers: also the cheap per-feature check offered to code. */
    public LicensedFeatures features() {
        return features;
    }

    private void schedule(boolean stopUnlicensed) {
        try {
            worker.execute(() -> {
                try {
                    bundles.reconcile(stopUnlicensed && features.hasSource());
                } catch (RuntimeException e) {
                    if (worker.isShutdown()) {
                        LOG.debug("reconciliation cut short by the gate's stop", e);
                    } else {
                        LOG.error("reconciling gated bundles with the license failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            // the gate is stopping; the next gate reconciles
        }
    }

    @Override
    public void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle's stop unregistered it first
            }
        }
        sources.close();
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the gate's reconciliation did not end within 5 s of its stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drains.close();
    }

    /** Uses the best source; when it goes away the next one (or none: nothing licensed, nothing stopped). */
    private final class Sources implements ServiceTrackerCustomizer<FeatureSource, FeatureSource> {
        @Override
        public FeatureSource addingService(ServiceReference<FeatureSource> reference) {
            FeatureSource source = context.getService(reference);
            if (source == null) {
                return null;
            }
            source.addListener(changed);
            features.use(source);
            schedule(true);
            return source;
        }

        @Override
        public void modifiedService(ServiceReference<FeatureSource> reference, FeatureSource source) {
            schedule(true);
        }

        @Override
        public void removedService(ServiceReference<FeatureSource> reference, FeatureSource source) {
            source.removeListener(changed);
            features.use(sources.getService());
            context.ungetService(reference);
            schedule(false);
        }
    }
}
