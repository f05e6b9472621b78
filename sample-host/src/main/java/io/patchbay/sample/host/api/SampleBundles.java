package io.patchbay.sample.host.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The sample bundles and the publisher trust store that the build copies next to the host's classes
 * ({@code sample-host/target/bundles}), so nothing outside Maven is needed to run the demo.
 */
public final class SampleBundles {

    private static final String BUILD_PROPERTIES = "/io/patchbay/sample/host/build.properties";

    private final Path directory;
    private final char[] trustPassword;

    private SampleBundles(Path directory, char[] trustPassword) {
        this.directory = directory;
        this.trustPassword = trustPassword;
    }

    /**
     * Where the build put them: a {@code bundles} directory beside the host's jar (or classes
     * directory), i.e. {@code target/bundles}.
     */
    public static SampleBundles besideHost() {
        try {
            Path code = Path.of(SampleBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return in(code.getParent().resolve("bundles"));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the sample host's code", e);
        }
    }

    /** Bundles in {@code directory}, trusted with the build's trust store password. */
    public static SampleBundles in(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no sample bundles at " + directory
                    + ": build them first (mvn -DskipTests install from the repository root)");
        }
        return new SampleBundles(directory, buildTrustPassword());
    }

    public Path directory() {
        return directory;
    }

    /** greeter 1.(version-1).0: 1 good, 2 compatible patch, 3 failing health check, 4 throwing activator. */
    public Path greeter(int version) {
        return jar("patchbay-sample-greeter-v" + version);
    }

    /** formatter 1.(version-1).0, the library bundle the greeter imports. */
    public Path formatter(int version) {
        return jar("patchbay-sample-formatter-v" + version);
    }

    /** padded 1.0.(version-1): a ~100 KB bundle providing a {@code Payload}, for swap-cost measurements. */
    public Path padded(int version) {
        return jar("patchbay-sample-padded-v" + version);
    }

    public Path trustStore() {
        return existing(directory.resolve("publisher-trust.p12"));
    }

    public char[] trustPassword() {
        return trustPassword.clone();
    }

    private Path jar(String artifactId) {
        return existing(directory.resolve(artifactId + ".jar"));
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file + ": rebuild the sample host (mvn -DskipTests install)");
        }
        return file;
    }

    private static char[] buildTrustPassword() {
        try (InputStream in = SampleBundles.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_PROPERTIES + " is missing from the host's class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("publisher.trust.password").toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES, e);
        }
    }
}
