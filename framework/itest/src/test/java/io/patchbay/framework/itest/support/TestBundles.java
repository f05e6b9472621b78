package io.patchbay.framework.itest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The real, build-signed jars under test and the publisher trust store, located through system
 * properties the build sets (see this module's pom: the jars are copied to {@code target/bundles}).
 */
public final class TestBundles {

    public static final String GREETER = "io.patchbay.sample.greeter";
    public static final String FORMATTER = "io.patchbay.sample.formatter";
    public static final String FEATURE_API_PACKAGE = "io.patchbay.sample.feature.api";

    /** System properties a child JVM needs to find the same files. */
    public static final String[] PROPERTIES = {
        "itest.bundles.dir", "itest.publisher.truststore", "itest.publisher.trustpass"};

    private TestBundles() {
    }

    public static Path frameworkBundle() {
        return jar("patchbay-framework.jar");
    }

    public static Path testSupport() {
        return jar("patchbay-test-support.jar");
    }

    public static Path featureApi() {
        return jar("patchbay-sample-feature-api.jar");
    }

    /** Formatter 1.0.0, the library the greeter imports. */
    public static Path formatter() {
        return jar("patchbay-sample-formatter.jar");
    }

    /** Formatter 1.1.0: updating it refreshes the greeter. */
    public static Path formatterUpdate() {
        return jar("patchbay-sample-formatter-update.jar");
    }

    /** Greeter 1.0.0, a good release with a health check. */
    public static Path greeter() {
        return jar("patchbay-sample-greeter.jar");
    }

    /** Greeter 1.1.0, a compatible patch. */
    public static Path greeterUpdate() {
        return jar("patchbay-sample-greeter-update.jar");
    }

    /** Greeter 1.2.0, whose health check fails. */
    public static Path greeterUnhealthy() {
        return jar("patchbay-sample-greeter-unhealthy.jar");
    }

    /** Greeter 1.3.0, whose activator throws. */
    public static Path greeterThrowingActivator() {
        return jar("patchbay-sample-greeter-throwing-activator.jar");
    }

    /** The license gate bundle, signed by the build. */
    public static Path licenseGate() {
        return jar("patchbay-license-gate-bundle.jar");
    }

    /** Reports 1.0.0, which needs the licensed feature "reports". */
    public static Path reportsLicensed() {
        return jar("patchbay-sample-reports-licensed.jar");
    }

    public static Path trustStore() {
        return existing(Path.of(required("itest.publisher.truststore")));
    }

    public static char[] trustPassword() {
        return required("itest.publisher.trustpass").toCharArray();
    }

    /** The jar's {@code Bundle-SymbolicName} (without directives) and {@code Bundle-Version}. */
    public static BundleId bundleId(Path jar) {
        try (InputStream in = Files.newInputStream(jar); JarInputStream jin = new JarInputStream(in)) {
            Manifest manifest = jin.getManifest();
            if (manifest == null) {
                throw new IllegalStateException(jar + " has no manifest");
            }
            String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].strip();
            String version = manifest.getMainAttributes().getValue("Bundle-Version").strip();
            return new BundleId(bsn, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run these tests through"
                    + " Maven (mvn -pl framework/itest verify), which sets it");
        }
        return value;
    }

    private static Path jar(String name) {
        return existing(Path.of(required("itest.bundles.dir")).resolve(name));
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist: build the framework and bundles modules first");
        }
        return file;
    }

    /** A bundle's identity as the tests compare it. */
    public record BundleId(String symbolicName, String version) {
        @Override
        public String toString() {
            return symbolicName + "@" + version;
        }
    }
}
