package io.patchbay.policy.api;

import java.util.ServiceLoader;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What {@link PolicyEngine.Builder#build()} calls to create an engine, found with {@link ServiceLoader} in the
 * policy jar through this API's own class loader (so it works from inside the container too, where the host exports
 * this package and the agent bundle sees only the API). Hosts and agents use {@link PolicyEngine#builder()}.
 */
@ProviderType
public interface PolicyEngineFactory {

    /**
     * Creates an engine.
     *
     * @param settings what it is built from
     * @return the engine
     */
    PolicyEngine create(EngineSettings settings);

    /**
     * The implementation shipped with this API.
     *
     * @return the factory
     * @throws IllegalStateException when the policy jar is incomplete and no implementation can be found
     */
    static PolicyEngineFactory get() {
        return ServiceLoader.load(PolicyEngineFactory.class, PolicyEngineFactory.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + PolicyEngineFactory.class.getName()
                        + " in META-INF/services: the Patchbay policy jar is incomplete"));
    }
}
