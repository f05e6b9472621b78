package io.patchbay.bench;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Where the benchmarks find the signed sample bundles and the publisher trust store. */
final class BenchFiles {

    static final char[] TRUST_PASSWORD = System.getProperty("patchbay.bench.trust.password",
            "patchbay-trust").toCharArray();

    private BenchFiles() {
    }

    static Path bundle(String name) {
        Path p = Path.of(System.getProperty("patchbay.bench.bundles", "bench/target/bundles"))
                .resolve("patchbay-sample-" + name + ".jar");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing bundle " + p + ": build with bench/run.sh");
        }
        return p;
    }

    static Path trustStore() {
        return Path.of(System.getProperty("patchbay.bench.trust", "target/signing/publisher-trust.p12"));
    }

    /** A runtime on a fresh data directory with the given initial bundles. */
    static PatchbayBuilder runtime(Path dataDir, List<Path> initial) {
        return Patchbay.builder()
                .dataDirectory(dataDir)
                .trustPublishers(trustStore(), TRUST_PASSWORD)
                .hostPackage("io.patchbay.sample.feature.api;version=1.1.0")
                .initialBundles(initial);
    }

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
