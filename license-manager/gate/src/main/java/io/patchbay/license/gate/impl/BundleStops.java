package io.patchbay.license.gate.impl;

import io.patchbay.framework.spi.CallDrain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a bundle whose feature is no longer licensed without cutting a host call in half: its services are held back
 * from new calls through the host's access points and the calls in flight drain (bounded) before the stop. The stop is
 * persistent (the bundle is not meant to run until licensed again), and the bundle is then refreshed, so it is
 * unresolved and its next start has to pass the framework's resolver hook, which asks the gate again.
 */
final class BundleStops {
    private static final Logger LOG = LoggerFactory.getLogger(BundleStops.class);

    private final BundleContext context;
    private final Supplier<CallDrain> drain;
    private final Duration timeout;

    BundleStops(BundleContext context, Supplier<CallDrain> drain, Duration timeout) {
        this.context = context;
        this.drain = drain;
        this.timeout = timeout;
    }

    void stop(Bundle bundle) {
        CallDrain calls = drain.get();
        boolean held = false;
        try {
            if (calls == null) {
                LOG.warn("no call drain in the container: stopping {} without waiting for calls in flight",
                        bundle.getSymbolicName());
            } else {
                held = true;
                if (!calls.drain(bundle, timeout)) {
                    LOG.warn("calls into {} did not finish within {}; stopping it anyway", bundle.getSymbolicName(), timeout);
                }
            }
            bundle.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while draining calls into {}; stopping it now", bundle.getSymbolicName());
            stopQuietly(bundle);
        } catch (BundleException | IllegalStateException e) {
            LOG.error("could not stop {} after its feature was disabled", bundle.getSymbolicName(), e);
        } finally {
            if (held) {
                calls.release(bundle);
            }
        }
        unresolve(bundle);
    }

    private static void stopQuietly(Bundle bundle) {
        try {
            bundle.stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.error("could not stop {} after its feature was disabled", bundle.getSymbolicName(), e);
        }
    }

    /**
     * A gated bundle found already stopped, by hand or transiently by the framework's guard: its stop is made
     * persistent if it was not (no bundle code runs, it is not active), so it ends as the gate's own stop leaves one,
     * then it is unresolved.
     */
    void stopped(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        if (level != null && level.isPersistentlyStarted()) {
            stopQuietly(bundle);
        }
        unresolve(bundle);
    }

    /** Refreshes a stopped, resolved bundle (bounded), so its next start must resolve again and ask the gate. */
    void unresolve(Bundle bundle) {
        if (bundle.getState() != Bundle.RESOLVED) {
            return;
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("refreshing {} did not finish within {}", bundle.getSymbolicName(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
