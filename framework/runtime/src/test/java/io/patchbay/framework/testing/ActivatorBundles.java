package io.patchbay.framework.testing;

import io.patchbay.framework.testbundle.TestActivator;
import io.patchbay.testsupport.TestJars;

/** Test bundles that run {@link TestActivator}: its manifest headers choose what the bundle does. */
public final class ActivatorBundles {
    /** The system packages a container must export for these bundles to resolve. */
    public static final String HOST_PACKAGES = "io.patchbay.framework.spi;version=1.0.0,io.patchbay.framework.api;version=1.1.0,"
            + "io.patchbay.framework.testapi;version=1.0.0";

    private ActivatorBundles() {
    }

    /** A bundle running {@link TestActivator}, importing what it needs. */
    public static TestJars.Builder activatorBundle(String symbolicName, String version) {
        return TestJars.bundle(symbolicName, version)
                .header("Bundle-Activator", TestActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",io.patchbay.framework.spi;version=\"[1.0,2)\","
                        + "io.patchbay.framework.api;version=\"[1.1,2)\",io.patchbay.framework.testapi;version=\"[1.0,2)\"")
                .classesOf(TestActivator.class);
    }
}
