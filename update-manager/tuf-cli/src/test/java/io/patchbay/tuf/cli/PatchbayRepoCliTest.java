package io.patchbay.tuf.cli;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator command line, in-process. */
class PatchbayRepoCliTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private CliRun repo(String... args) {
        CliRun run = CliRun.patchbayRepo(CLOCK, args);
        assertFalse(run.out().contains("PRIVATE") || run.err().contains("PRIVATE"), "no secret is ever printed");
        return run;
    }

    private Metadata md(String name) throws Exception {
        return Metadata.parse(Files.readAllBytes(tmp.resolve("repo/metadata").resolve(name)));
    }

    @Test
    void operatorWorkflow() throws Exception {
        String keys = tmp.resolve("keys").toString();
        String repo = tmp.resolve("repo").toString();
        CliRun keygen = repo("keygen", "--keys", keys, "--role", "root,targets,snapshot,timestamp");
        assertEquals(0, keygen.exitCode(), keygen.toString());
        assertEquals(4, keygen.out().lines().count());
        assertEquals(0, repo("keygen", "--keys", keys, "--role", "release", "--count", "2").exitCode());

        CliRun init = repo("init", "--repo", repo, "--keys", keys, "--metadata-url", "https://updates.example/metadata",
                "--targets-url", "https://updates.example/targets", "--tls-pin", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "--expires", "timestamp=2h");
        assertEquals(0, init.exitCode(), init.toString());
        assertEquals("2030-01-01T02:00:00Z", Metadata.formatExpiry(md("timestamp.json").expires()));

        String releaseKey = Files.list(tmp.resolve("keys/release")).filter(p -> p.toString().endsWith(".pub")).findFirst()
                .orElseThrow().toString();
        CliRun delegate = repo("delegate", "--repo", repo, "--keys", keys, "--name", "release", "--key", releaseKey,
                "--path", "bundles/*", "--terminating");
        assertEquals(0, delegate.exitCode(), delegate.toString());

        Path jar = bundleJar(tmp.resolve("greeter.jar"));
        CliRun add = repo("add-target", "--repo", repo, "--keys", keys, "--role", "release", "--path-prefix", "bundles/",
                jar.toString());
        assertEquals(0, add.exitCode(), add.toString());
        Targets release = Targets.of(md("2.release.json"));
        assertEquals("com.example.greeter", release.target("bundles/greeter.jar").orElseThrow().custom()
                .path("bundle").path("symbolic_name").asText());

        CliRun rotate = repo("rotate-root", "--repo", repo, "--keys", keys, "--metadata-url", "https://new.example/m",
                "--targets-url", "https://new.example/t");
        assertEquals(0, rotate.exitCode(), rotate.toString());
        Root v2 = Root.of(md("2.root.json"));
        assertEquals("https://new.example/m/", v2.location().orElseThrow().metadataUrl().toString());
        assertEquals("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", v2.location().orElseThrow().tlsPins().get(0), "pins are kept unless replaced");

        CliRun refresh = repo("refresh-timestamp", "--repo", repo, "--keys", keys, "--snapshot");
        assertEquals(0, refresh.exitCode(), refresh.toString());
        CliRun status = repo("status", "--repo", repo);
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("release"), status.out());
        assertTrue(status.out().contains("location metadata_url=https://new.example/m/"), status.out());
    }

    /** Issue 6 item 10: the documented placeholder (or any non-digest) is no pin; nothing is signed or written. */
    @Test
    void initRefusesATlsPinThatIsNotASha256Digest() throws Exception {
        String keys = tmp.resolve("keys").toString();
        assertEquals(0, repo("keygen", "--keys", keys, "--role", "root,targets,snapshot,timestamp").exitCode());
        for (String pin : List.of("sha256/<base64 SHA-256 of the server certificate's SubjectPublicKeyInfo>",
                "sha256/AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")) {
            CliRun init = repo("init", "--repo", tmp.resolve("repo").toString(), "--keys", keys,
                    "--metadata-url", "https://updates.example/metadata", "--targets-url", "https://updates.example/targets",
                    "--tls-pin", pin);
            assertEquals(1, init.exitCode(), init.toString());
            assertTrue(init.err().contains("--tls-pin: TLS pin must be 'sha256/'"), init.err());
            assertFalse(Files.exists(tmp.resolve("repo")), "init wrote a repository with pin " + pin);
        }
        CliRun http = repo("init", "--repo", tmp.resolve("repo").toString(), "--keys", keys,
                "--metadata-url", "http://updates.example/metadata", "--targets-url", "http://updates.example/targets",
                "--tls-pin", "sha256/" + "A".repeat(43) + "=");
        assertEquals(1, http.exitCode(), http.toString());
        assertTrue(http.err().contains("must be https"), http.err());
        assertFalse(Files.exists(tmp.resolve("repo")));
    }

    @Test
    void badInputFailsWithOneLineAndExitOne() throws Exception {
        CliRun run = repo("add-target", "--repo", tmp.resolve("nothing").toString(), "--keys", tmp.toString(), "x.txt");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("patchbay-repo: RepositoryException:"), run.err());
        assertEquals(1, repo("keygen", "--keys", tmp.toString(), "--role", "root", "--scheme", "dsa").exitCode());
        assertEquals(1, repo("keygen", "--keys", tmp.toString(), "--role", "../evil").exitCode());
    }

    private static Path bundleJar(Path file) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "com.example.greeter");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new java.util.zip.ZipEntry("x"));
            jar.write('x');
        }
        return file;
    }
}
