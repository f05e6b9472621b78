package io.patchbay.sample.padded.impl;

import io.patchbay.framework.spi.HealthCheck;
import io.patchbay.sample.feature.api.Payload;
import java.util.Dictionary;
import java.util.Map;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/** Registers the payload service and a health check that re-reads the payload entry. */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class PaddedActivator implements BundleActivator {

    private ServiceRegistration<HealthCheck> health;
    private ServiceRegistration<Payload> payload;

    @Override
    public void start(BundleContext context) {
        Bundle bundle = context.getBundle();
        BundledPayload bundled = BundledPayload.of(bundle);
        Dictionary<String, Object> properties =
                FrameworkUtil.asDictionary(Map.of("payload.version", bundled.version()));
        payload = context.registerService(Payload.class, bundled, properties);
        health = context.registerService(HealthCheck.class, new PayloadHealthCheck(bundle), properties);
    }

    @Override
    public void stop(BundleContext context) {
        health.unregister();
        payload.unregister();
    }
}
