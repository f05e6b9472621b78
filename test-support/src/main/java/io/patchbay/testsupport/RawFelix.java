package io.patchbay.testsupport;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A plain Felix outside Patchbay: to look at a data directory's container cache the way the next start will, to
 * host an attached runtime, and as the benchmarks' anchor ({@code Bundle.update} plus {@code refreshBundles},
 * nothing else).
 */
public final class RawFelix implements AutoCloseable {
    private static final long WAIT_MILLIS = 30_000;

    private final Framework framework;

    private RawFelix(Framework framework) {
        this.framework = framework;
    }

    /**
     * A framework on {@code storage}, initialised (bundles installed, none started) and, if {@code start}, started.
     * {@code systemPackagesExtra} is exported by the system bundle, as a host would.
     */
    public static RawFelix open(Path storage, String systemPackagesExtra, boolean start) throws BundleException {
        Framework framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra));
        framework.init();
        if (start) {
            framework.start();
        }
        return new RawFelix(framework);
    }

    public Framework framework() {
        return framework;
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Installs and starts a bundle from bytes. */
    public Bundle install(String location, byte[] jar) throws BundleException {
        Bundle bundle = context().installBundle(location, new ByteArrayInputStream(jar));
        bundle.start();
        return bundle;
    }

    /** One raw swap: update {@code bundle} to {@code jar}, refresh just it, wait, and require it ACTIVE again. */
    public void update(Bundle bundle, byte[] jar) throws BundleException, InterruptedException {
        bundle.update(new ByteArrayInputStream(jar));
        refresh(List.of(bundle));
        if (bundle.getState() != Bundle.ACTIVE) {
            throw new IllegalStateException(bundle.getSymbolicName() + " is not ACTIVE after a raw swap");
        }
    }

    /** Refreshes {@code bundles} (and their dependants) and waits for it, bounded. */
    public void refresh(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        framework.adapt(FrameworkWiring.class).refreshBundles(bundles, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("refresh did not finish within " + WAIT_MILLIS + " ms");
        }
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        framework.stop();
        framework.waitForStop(WAIT_MILLIS);
    }
}
