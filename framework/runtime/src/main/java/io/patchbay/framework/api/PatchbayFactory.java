package io.patchbay.framework.api;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.BundleContext;

/**
 * What the builder calls to create a runtime, found with {@link ServiceLoader} in this jar (the pattern of OSGi's
 * own {@code FrameworkFactory}), so this API names no implementation class. Hosts use {@link Patchbay#builder()}.
 */
@ProviderType
public interface PatchbayFactory {

    /**
     * Starts a runtime, as {@link PatchbayBuilder#start()}.
     *
     * @param config the configuration
     * @return the running runtime
     */
    Patchbay start(PatchbayConfig config);

    /**
     * Attaches to a running framework, as {@link PatchbayBuilder#attach}.
     *
     * @param config  the configuration
     * @param context a bundle context of that framework
     * @return the attached runtime
     */
    Patchbay attach(PatchbayConfig config, BundleContext context);

    /**
     * Moves local state aside, as {@link Patchbay#resetLocalState}.
     *
     * @param dataDirectory the data directory of a stopped runtime
     * @return the folder the state was moved to
     */
    Path resetLocalState(Path dataDirectory);

    /**
     * The implementation shipped with this API.
     *
     * @return the factory
     * @throws PatchbayException when the framework jar lacks it
     */
    static PatchbayFactory get() {
        return ServiceLoader.load(PatchbayFactory.class, PatchbayFactory.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new PatchbayException("no " + PatchbayFactory.class.getName()
                        + " in META-INF/services: the Patchbay framework jar is incomplete"));
    }
}
