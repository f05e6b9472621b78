package io.patchbay.sample.greeter.impl;

import io.patchbay.framework.spi.HealthCheck;
import io.patchbay.sample.feature.api.Greeter;
import io.patchbay.sample.formatter.NameFormatter;
import io.patchbay.sample.formatter.NameFormatters;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers the greeter and its health check. Plain OSGi, no component runtime, so the sample bundles
 * run in any container. A settings problem (see {@link GreeterSettings}) throws from {@link #start},
 * which the framework reports as a failed start.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class GreeterActivator implements BundleActivator {

    /** Service property naming the bundle version that provides a service. */
    public static final String VERSION_PROPERTY = "greeter.version";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        GreeterSettings settings = GreeterSettings.load(context.getBundle());
        String salutation = settings.salutation(context::getProperty);
        String version = context.getBundle().getVersion().toString();
        NameFormatter formatter = NameFormatters.standard();
        TemplateGreeter greeter = new TemplateGreeter(settings.template(), salutation, formatter);

        Dictionary<String, Object> properties = FrameworkUtil.asDictionary(Map.of(VERSION_PROPERTY, version));
        registrations.add(context.registerService(Greeter.class, greeter, properties));
        registrations.add(context.registerService(HealthCheck.class,
                new GreetingHealthCheck(greeter, formatter, version), properties));
    }

    @Override
    public void stop(BundleContext context) {
        // Health check first: while the greeter goes away the bundle must not look healthy.
        for (int i = registrations.size() - 1; i >= 0; i--) {
            registrations.get(i).unregister();
        }
        registrations.clear();
    }
}
