package io.patchbay.framework.testing;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayBuilder;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/** Keys, a fixed clock, test bundles and a configured builder for the end-to-end tests. */
public final class RuntimeFixture {
    public static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final String GREETER = "com.acme.greeter";
    public static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));
    public static final TestPki.Identity STRANGER = TestPki.selfSigned("CN=Mallory",
            Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));

    public final Path dataDirectory;
    public final Path work;

    public RuntimeFixture(Path root) {
        this.dataDirectory = root.resolve("data");
        this.work = root.resolve("work");
    }

    public PatchbayBuilder builder() {
        return Patchbay.builder()
                .dataDirectory(dataDirectory)
                .trustPublisher(PUBLISHER.certificate())
                .hostPackage("io.patchbay.framework.testapi;version=1.0.0")
                .clock(CLOCK)
                .healthTimeout(Duration.ofSeconds(5))
                .serviceWaitTimeout(Duration.ofSeconds(10));
    }

    /** Starts with greeter 1.0.0 ("hello v1") as the initial bundle. */
    public Patchbay startWithGreeterV1() {
        return builder().initialBundles(List.of(jarFile("greeter-1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER)))).start();
    }

    public static TestJars.Builder greeter(String version, String greeting) {
        return ActivatorBundles.activatorBundle(GREETER, version).header("Test-Greeting", greeting).header("Test-Health", "ok");
    }

    /** What the running greeter answers for "bob", through the service access point. */
    public static String greet(Patchbay patchbay) {
        return patchbay.service(io.patchbay.framework.testapi.Greeter.class).call(g -> g.greet("bob"));
    }

    public static Patch patch(String label, byte[]... jars) {
        List<Patch.Artifact> artifacts = Stream.of(jars).map(j -> new Patch.Artifact(label + ".jar", j, null)).toList();
        return new Patch(label, artifacts, false);
    }

    public Path jarFile(String name, byte[] bytes) {
        return TestJars.write(work, name, bytes);
    }

    public Path journal() {
        return dataDirectory.resolve("journal.log");
    }

    public List<String> storeEntries() {
        try (Stream<Path> files = Files.list(dataDirectory.resolve("store"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
