package io.patchbay.framework.testing;

import io.patchbay.framework.testbundle.TestActivator;
import io.patchbay.testsupport.TestJars;

/** Test bundles that run {@link TestActivator}: its manifest headers choose what the bundle does. */
public final class ActivatorBundles {
    /** The system packages a container must export for these bundles to resolve. */
    public static final String HOST_PACKAGES = "io.patchbay.framework.spi;version=1.1.0,io.patchbay.framework.api;version=1.3.0,"
            + "io.patchbay.framework.testapi;version=1.0.0";

    private ActivatorBundles() {
    }

    /**
     * A library bundle exporting {@code io.patchbay.framework.testlib} ({@code Lib.text()} names the revision it is
     * loaded from); it runs {@link TestActivator} too, so its headers can give it a health check.
     */
    public static TestJars.Builder libraryBundle(String symbolicName, String version) {
        TestJars.Builder builder = activatorBundle(symbolicName, version);
        return builder.header("Export-Package", "io.patchbay.framework.testlib;version=1.0.0")
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.osgi.framework.wiring;version=\"[1.2,2)\","
                        + "io.patchbay.framework.spi;version=\"[1.0,2)\",io.patchbay.framework.api;version=\"[1.1,2)\","
                        + "io.patchbay.framework.testapi;version=\"[1.0,2)\"")
                .classesOf(io.patchbay.framework.testlib.Lib.class);
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
