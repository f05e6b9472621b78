package ${package}.impl;

import ${package}.api.Greeter;
import io.patchbay.framework.spi.HealthCheck;
import java.util.ArrayList;
import java.util.List;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers the feature and its health check. Plain OSGi, no component runtime needed. Anything start throws
 * fails the bundle's start, and Patchbay rolls the whole patch back.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${package}.impl.Activator")
public final class Activator implements BundleActivator {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        Greeter greeter = new FriendlyGreeter();
        registrations.add(context.registerService(Greeter.class, greeter, null));
        registrations.add(context.registerService(HealthCheck.class, new GreeterHealthCheck(greeter), null));
    }

    @Override
    public void stop(BundleContext context) {
        // The health check goes first: while the feature goes away the bundle must not look healthy.
        for (int i = registrations.size() - 1; i >= 0; i--) {
            registrations.get(i).unregister();
        }
        registrations.clear();
    }
}
