package io.patchbay.license.gate.impl;

import io.patchbay.framework.spi.CallDrain;
import io.patchbay.framework.spi.FeatureGate;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.EntitlementsListener;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate while its bundle runs: follows the license engine's {@link Entitlements} (the source: an
 * {@code Entitlements} service without the {@link #GATE_PROPERTY}, e.g. the host's license client), registers the
 * framework's {@link FeatureGate} and its own {@code Entitlements} (marked with {@link #GATE_PROPERTY}, ranked first,
 * so code asking for entitlements gets the gate's view, which survives the source's restarts), and reconciles the
 * gated bundles on its own thread whenever the entitlements change (and once on start). Closing it stops nothing:
 * bundles running stay running while the gate is swapped; the framework holds back new ones.
 */
public final class Gate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
    /** How long a stop waits for calls in flight, in milliseconds (framework property). */
    public static final String DRAIN_TIMEOUT_PROPERTY = "patchbay.license.gate.drainTimeoutMillis";
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Marks the gate's own {@code Entitlements} service, which the gate never takes as its source. */
    public static final String GATE_PROPERTY = "patchbay.license.gate";

    /** The name of the gate's worker thread. */
    public static final String THREAD_NAME = "patchbay-license-gate";

    private final BundleContext context;
    private final LicensedFeatures features = new LicensedFeatures();
    private final ExecutorService worker;
    private final EntitlementsListener changed = features -> schedule(true);
    private final ServiceTracker<CallDrain, CallDrain> drains;
    private final ServiceTracker<Entitlements, Entitlements> sources;
    private final GatedBundles bundles;
    private ServiceRegistration<FeatureGate> registration;
    private ServiceRegistration<Entitlements> entitlements;

    public Gate(BundleContext context, Duration drainTimeout) {
        this(context, drainTimeout, newWorker());
    }

    /**
     * @param worker the one thread every decision is applied on, in order (injected so a test can tell when it has
     *               caught up); it must run one task at a time, and the gate shuts it down on close
     */
    public Gate(BundleContext context, Duration drainTimeout, ExecutorService worker) {
        this.context = context;
        this.worker = worker;
        this.drains = new ServiceTracker<>(context, CallDrain.class, null);
        try {
            this.sources = new ServiceTracker<>(context, context.createFilter("(&(" + Constants.OBJECTCLASS + "="
                    + Entitlements.class.getName() + ")(!(" + GATE_PROPERTY + "=*)))"), new Sources());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the source filter is a constant", e);
        }
        this.bundles = new GatedBundles(context, features, new BundleStops(context, drains::getService, drainTimeout),
                () -> schedule(true));
    }

    /** A single daemon thread named {@link #THREAD_NAME}. */
    public static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(Gate::thread);
    }

    /** A daemon thread named {@link #THREAD_NAME}, for a worker of the gate's. */
    public static Thread thread(Runnable runnable) {
        Thread thread = new Thread(runnable, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
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
        features.addListener(changed);
        context.addBundleListener(bundles.listener());
        registration = context.registerService(FeatureGate.class, features, null);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(GATE_PROPERTY, Boolean.TRUE);
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        entitlements = context.registerService(Entitlements.class, features, properties);
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
        unregister(entitlements);
        unregister(registration);
        features.removeListener(changed);
        try {
            context.removeBundleListener(bundles.listener());
        } catch (IllegalStateException stopped) {
            // the gate's bundle stopped first
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

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle's stop unregistered it first
            }
        }
    }

    /**
     * Uses the newest source; when it goes away the best remaining one, or none: then nothing is licensed, so nothing
     * new starts, but nothing running is stopped either (a gap in the license state must not cut anyone off).
     */
    private final class Sources implements ServiceTrackerCustomizer<Entitlements, Entitlements> {
        @Override
        public Entitlements addingService(ServiceReference<Entitlements> reference) {
            Entitlements source = context.getService(reference);
            if (source == null) {
                return null;
            }
            features.use(source);
            schedule(true);
            return source;
        }

        @Override
        public void modifiedService(ServiceReference<Entitlements> reference, Entitlements source) {
            schedule(true);
        }

        @Override
        public void removedService(ServiceReference<Entitlements> reference, Entitlements source) {
            features.removeListener(changed);
            try {
                features.use(sources.getService());
            } finally {
                features.addListener(changed);
            }
            context.ungetService(reference);
            schedule(false);
        }
    }
}
