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
     *
     * @return the build's bundles
     * @throws IllegalStateException when the directory is missing (the build did not run)
     */
    public static SampleBundles besideHost() {
        try {
            Path code = Path.of(SampleBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return in(code.getParent().resolve("bundles"));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the sample host's code", e);
        }
    }

    /**
     * Bundles in {@code directory}, trusted with the build's trust store password.
     *
     * @param directory where the jars and {@code publisher-trust.p12} are
     * @return the bundles
     * @throws IllegalStateException when {@code directory} is not a directory, or the build's properties are
     *                               missing from the class path
     */
    public static SampleBundles in(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no sample bundles at " + directory
                    + ": build them first (mvn -DskipTests install from the repository root)");
        }
        return new SampleBundles(directory, buildTrustPassword());
    }

    /**
     * Where the jars are.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * greeter 1.0.0: a good release with a health check.
     *
     * @return the jar
     * @throws IllegalStateException when the jar is missing (as every getter here)
     */
    public Path greeter() {
        return jar("patchbay-sample-greeter");
    }

    /**
     * greeter 1.1.0: a compatible patch (a different greeting).
     *
     * @return the jar
     */
    public Path greeterUpdate() {
        return jar("patchbay-sample-greeter-update");
    }

    /**
     * greeter 1.2.0: its health check fails, so applying it rolls back.
     *
     * @return the jar
     */
    public Path greeterUnhealthy() {
        return jar("patchbay-sample-greeter-unhealthy");
    }

    /**
     * greeter 1.3.0: its activator throws, so applying it rolls back.
     *
     * @return the jar
     */
    public Path greeterThrowingActivator() {
        return jar("patchbay-sample-greeter-throwing-activator");
    }

    /**
     * formatter 1.0.0, the library bundle the greeter imports.
     *
     * @return the jar
     */
    public Path formatter() {
        return jar("patchbay-sample-formatter");
    }

    /**
     * formatter 1.1.0: updating it refreshes the greeter that imports it.
     *
     * @return the jar
     */
    public Path formatterUpdate() {
        return jar("patchbay-sample-formatter-update");
    }

    /**
     * padded 1.0.0: a ~100 KB bundle providing a {@code Payload}, for swap-cost measurements.
     *
     * @return the jar
     */
    public Path padded() {
        return jar("patchbay-sample-padded");
    }

    /**
     * padded 1.0.1: the same size, different bytes.
     *
     * @return the jar
     */
    public Path paddedUpdate() {
        return jar("patchbay-sample-padded-update");
    }

    /**
     * The update agent bundle (io.patchbay.agent), signed by the build's publisher key like the samples.
     *
     * @return the jar
     */
    public Path agent() {
        return jar("patchbay-agent-bundle");
    }

    /**
     * The license gate (io.patchbay.license.gate), signed by the build.
     *
     * @return the jar
     */
    public Path licenseGate() {
        return jar("patchbay-license-gate-bundle");
    }

    /**
     * reports 1.0.0: provides {@code Reports} and names the licensed feature "reports" (Patchbay-Feature).
     *
     * @return the jar
     */
    public Path reports() {
        return jar("patchbay-sample-reports-licensed");
    }

    /**
     * The PKCS#12 store holding the build's publisher certificate, which signed every jar here.
     *
     * @return the trust store file
     * @throws IllegalStateException when the file is missing
     */
    public Path trustStore() {
        return existing(directory.resolve("publisher-trust.p12"));
    }

    /**
     * The trust store's password (a build-time demo secret, not a production one).
     *
     * @return a copy of the password
     */
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
