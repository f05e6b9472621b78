package ${package}.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The service this bundle provides. In a real feature the host owns this API: it exports the package into the
 * container and the bundle imports it; replace this package with your host's.
 */
@ProviderType
public interface Greeter {

    /** Greets someone by name. */
    String greet(String name);
}
