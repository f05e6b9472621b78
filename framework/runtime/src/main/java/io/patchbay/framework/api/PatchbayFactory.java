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

    Patchbay start(PatchbayConfig config);

    Patchbay attach(PatchbayConfig config, BundleContext context);

    Path resetLocalState(Path dataDirectory);

    /** The implementation shipped with this API. */
    static PatchbayFactory get() {
        return ServiceLoader.load(PatchbayFactory.class, PatchbayFactory.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new PatchbayException("no " + PatchbayFactory.class.getName()
                        + " in META-INF/services: the Patchbay framework jar is incomplete"));
    }
}
