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

    /**
     * A library bundle exporting {@code io.patchbay.framework.testlib} whose {@code Lib.text()} is {@code text}; it
     * runs {@link TestActivator} too, so its headers can give it a health check.
     */
    public static TestJars.Builder libraryBundle(String symbolicName, String version, String text) {
        return activatorBundle(symbolicName, version)
                .header("Export-Package", "io.patchbay.framework.testlib;version=1.0.0")
                .classesOf(io.patchbay.framework.testlib.Lib.class)
                .entry("io/patchbay/framework/testlib/lib.txt", text);
    }

    /** A bundle running {@link TestActivator}, importing what it needs. */
    public static TestJars.Builder activatorBundle(String symbolicName, String version) {
        return TestJars.bundle(symbolicName, version)
                .header("Bundle-Activator", TestActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",io.patchbay.framework.spi;version=\"[1.0,2)\","
                        + "io.patchbay.framework.api;version=\"[1.1,2)\",io.patchbay.framework.testapi;version=\"[1.0,2)\","
                        + "io.patchbay.framework.testlib;version=\"[1.0,2)\";resolution:=optional")
                .classesOf(TestActivator.class);
    }
}
