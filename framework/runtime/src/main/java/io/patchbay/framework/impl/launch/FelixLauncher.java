package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.PatchbayConfig;
import io.patchbay.framework.api.PatchbayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Creates the embedded container. The framework is found through {@link ServiceLoader} (Apache Felix on the host's
 * class path) rather than by naming Felix's class, so this bundle imports no Felix package when it runs attached
 * inside another framework.
 */
final class FelixLauncher {
    /** The SPI and the API (the patch service's types) for bundles, at the versions their package-info declare. */
    static final String SPI_EXPORT = "io.patchbay.framework.spi;version=1.1.0,io.patchbay.framework.api;version=1.3.0";

    private FelixLauncher() {
    }

    static Framework create(PatchbayConfig config, DataLayout layout) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FelixLauncher.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new PatchbayException("no OSGi framework (Apache Felix) on the class path"));
        return factory.newFramework(properties(config, layout));
    }

    static Map<String, String> properties(PatchbayConfig config, DataLayout layout) {
        Map<String, String> properties = new HashMap<>(config.frameworkProperties());
        // the cache belongs to the data directory; the store and journal next to it are what it is checked against
        properties.put(Constants.FRAMEWORK_STORAGE, layout.felixCache().toString());
        properties.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        List<String> extra = new ArrayList<>();
        String given = properties.get(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA);
        if (given != null && !given.isBlank()) {
            extra.add(given);
        }
        extra.addAll(config.hostPackages());
        extra.add(SPI_EXPORT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", extra));
        return properties;
    }
}
