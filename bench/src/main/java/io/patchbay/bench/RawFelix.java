package io.patchbay.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/** The anchor: a bare Felix doing {@code Bundle.update} + {@code refreshBundles}, nothing else. */
final class RawFelix implements AutoCloseable {
    private final Framework framework;
    private Bundle bundle;

    RawFelix(Path storage, String systemPackagesExtra) throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra));
        framework.start();
    }

    void install(String location, byte[] jar) throws Exception {
        bundle = framework.getBundleContext().installBundle(location, new ByteArrayInputStream(jar));
        bundle.start();
    }

    /** One swap: update to {@code jar}, then refresh just that bundle and wait for it. */
    void swap(byte[] jar) throws Exception {
        bundle.update(new ByteArrayInputStream(jar));
        CountDownLatch done = new CountDownLatch(1);
        framework.adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("refresh did not finish");
        }
        if (bundle.getState() != Bundle.ACTIVE) {
            throw new IllegalStateException("bundle not active after raw swap");
        }
    }

    Bundle bundle() {
        return bundle;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }
}
