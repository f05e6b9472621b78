package io.patchbay.framework.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** A plain Felix, outside Patchbay, on a given cache directory. */
public final class RawFelix {
    private RawFelix() {
    }

    public static Framework started(Path cache, boolean start) throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        Framework framework = factory.newFramework(Map.of("org.osgi.framework.storage", cache.toString(),
                "org.osgi.framework.system.packages.extra",
                "io.patchbay.framework.spi;version=1.0.0,io.patchbay.framework.testapi;version=1.0.0"));
        framework.init();
        if (start) {
            framework.start();
        }
        return framework;
    }

    public static void stop(Framework framework) throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }
}
