package io.patchbay.e2e.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put what the fleet tests start (the pom passes the locations as system properties). */
public final class Layout {

    private Layout() {
    }

    /** The repository root (the reactor's top directory). */
    public static Path root() {
        return path("patchbay.e2e.root");
    }

    /** {@code update-manager/bin/patchbay}: the operator command line as operators run it. */
    public static Path patchbayCli() {
        return existing(root().resolve("update-manager/bin/patchbay"));
    }

    /** The runnable sample host ({@code java -jar ... serve}). */
    public static Path sampleHostJar() {
        return existing(root().resolve("sample-host/target/patchbay-sample-host.jar"));
    }

    /** The sample bundles, the build-signed agent and the publisher trust store, as the sample host finds them. */
    public static Path sampleBundle(String artifactId) {
        return existing(root().resolve("sample-host/target/bundles").resolve(artifactId + ".jar"));
    }

    /** The agent's next version (bundles/agent-update), signed by the build. */
    public static Path agentUpdate() {
        return existing(path("patchbay.e2e.bundles").resolve("patchbay-agent-bundle-update.jar"));
    }

    /** A fresh directory for one fixture under target/e2e, kept after the run for its logs. */
    public static Path workDirectory(String name) {
        try {
            Path base = Files.createDirectories(path("patchbay.e2e.work"));
            return Files.createTempDirectory(base, name + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("-D" + property + " is not set: run the e2e tests through Maven");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static Path existing(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " does not exist: build with -am up to verify "
                    + "(mvn -o -pl e2e -am verify)");
        }
        return file;
    }
}
