package io.patchbay.tuf.cli;

import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.testing.CountingFetcher;
import io.patchbay.tuf.testing.DirectorySnapshot;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import io.patchbay.tuf.testing.SimulatorServer;
import io.patchbay.tuf.repo.InitOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance-suite protocol, run in-process through picocli with the simulator's clock. */
class TufClientCliTest {

    @TempDir
    Path tmp;
    RepoSimulator sim;
    final List<CountingFetcher> fetchers = new ArrayList<>();

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private CliRun client(String... args) {
        return CliRun.tufClient(sim.clock(), f -> {
            CountingFetcher counting = new CountingFetcher(f);
            fetchers.add(counting);
            return counting;
        }, args);
    }

    private String md() {
        return sim.clientMetadataDir().toString();
    }

    private CliRun download(String... names) {
        List<String> args = new ArrayList<>(List.of("--metadata-dir", md(), "--metadata-url", sim.server().metadataUrl()));
        for (String name : names) {
            args.add("--target-name");
            args.add(name);
        }
        args.addAll(List.of("--target-base-url", sim.server().targetsUrl(), "--target-dir", sim.clientTargetDir().toString(),
                "download"));
        return client(args.toArray(String[]::new));
    }

    private Path rootFile() throws Exception {
        return Files.write(tmp.resolve("root.json"), sim.rootBytes(1));
    }

    @Test
    void initRefreshDownloadAndCache() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"));
        sim.addTarget("bundles/a b.txt", "first", null);
        sim.addTarget("ünï/c.txt", "second", null);

        Path root = rootFile();
        sim.server().clearRequests();
        CliRun init = client("--metadata-dir", md(), "init", root.toString());
        assertEquals(0, init.exitCode(), init.toString());
        assertEquals(List.of("root.json"), List.copyOf(DirectorySnapshot.of(sim.clientMetadataDir()).keySet()));
        assertEquals(List.of(), sim.server().requests(), "init makes no request");

        CliRun refresh = client("--metadata-dir", md(), "--metadata-url", sim.server().metadataUrl(), "refresh");
        assertEquals(0, refresh.exitCode(), refresh.toString());
        assertEquals(List.of("root.json", "snapshot.json", "targets.json", "timestamp.json"),
                List.copyOf(DirectorySnapshot.of(sim.clientMetadataDir()).keySet()));

        CliRun first = download("bundles/a b.txt", "ünï/c.txt");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals("first", Files.readString(sim.clientTargetDir().resolve("bundles%2Fa%20b.txt")));
        assertEquals("second", Files.readString(sim.clientTargetDir().resolve("%C3%BCn%C3%AF%2Fc.txt")));
        CountingFetcher firstFetches = fetchers.get(fetchers.size() - 1);
        assertEquals(2, firstFetches.requests().stream().filter(u -> u.getPath().startsWith("/targets/")).count());

        CliRun second = download("bundles/a b.txt", "ünï/c.txt");
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.out().contains("cached bundles/a b.txt"), second.out());
        assertEquals(0, fetchers.get(fetchers.size() - 1).requests().stream()
                .filter(u -> u.getPath().startsWith("/targets/")).count(), "cached targets are not fetched again");
    }

    @Test
    void downloadStopsAtTheFirstFailureWithExitCodeOne() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"));
        sim.addTarget("present.txt", "here", null);
        assertEquals(0, client("--metadata-dir", md(), "init", rootFile().toString()).exitCode());
        CliRun run = download("missing.txt", "present.txt");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("TargetNotFoundException"), run.err());
        assertFalse(Files.exists(sim.clientTargetDir().resolve("present.txt")), "nothing after the failure is fetched");
    }

    @Test
    void anExpiredRepositoryFailsUntilTheTimestampIsRenewed() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"));
        assertEquals(0, client("--metadata-dir", md(), "init", rootFile().toString()).exitCode());
        String[] refresh = {"--metadata-dir", md(), "--metadata-url", sim.server().metadataUrl(), "refresh"};
        assertEquals(0, client(refresh).exitCode());
        sim.clock().advance(Duration.ofDays(2));
        Map<String, String> before = DirectorySnapshot.of(sim.clientMetadataDir());
        CliRun expired = client(refresh);
        assertEquals(1, expired.exitCode(), expired.toString());
        assertTrue(expired.err().contains("ExpiredMetadataException"), expired.err());
        assertEquals(before, DirectorySnapshot.of(sim.clientMetadataDir()));
        sim.repo().touch("timestamp");
        sim.publish();
        assertEquals(0, client(refresh).exitCode());
    }

    @Test
    void usageErrorsAndBadRootsExitWithOne() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"));
        assertEquals(1, client("init", "x").exitCode(), "--metadata-dir is required");
        assertEquals(1, client("--metadata-dir", md(), "frobnicate").exitCode());
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"signed\": {}}");
        CliRun run = client("--metadata-dir", md(), "init", bad.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("tuf-client: "), run.err());
        assertEquals(1, client("--metadata-dir", tmp.resolve("none").toString(), "--metadata-url",
                sim.server().metadataUrl(), "refresh").exitCode(), "refresh without init fails");
    }

    @Test
    void theClientFollowsALocationChangeSignedIntoRoot() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"), RepoSimulator.START, server -> InitOptions.defaults()
                .withLocation(new TrustedLocation(URI.create(server.metadataUrl()), URI.create(server.targetsUrl()), List.of())));
        try (SimulatorServer newHome = new SimulatorServer()) {
            assertEquals(0, client("--metadata-dir", md(), "init", rootFile().toString()).exitCode());
            assertEquals(0, download0(sim.server()).exitCode());

            sim.repo().setLocation(new TrustedLocation(URI.create(newHome.metadataUrl()), URI.create(newHome.targetsUrl()), List.of()));
            sim.publish();
            sim.syncTo(newHome);
            // From now on only the new home gets new content; the old one goes stale.
            sim.addTarget("moved.txt", "served by the new home", null);
            sim.server().remove("/metadata/timestamp.json");
            sim.syncTo(newHome);
            newHome.clearRequests();
            sim.server().clearRequests();

            CliRun run = download0(sim.server(), "moved.txt");
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("served by the new home", Files.readString(sim.clientTargetDir().resolve("moved.txt")));
            assertEquals(List.of("/metadata/2.root.json"), sim.server().requests(), "the old home serves only root v2");
            assertTrue(newHome.requests().contains("/metadata/3.root.json"), newHome.requests().toString());
            assertTrue(newHome.requests().contains("/metadata/timestamp.json"), newHome.requests().toString());
        }
    }

    /** Issue 6 item 10: a signed location is followed, and the client says so (and what it does not use) on stderr. */
    @Test
    void followingTheSignedLocationIsSaidOnStderr() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"), RepoSimulator.START, server -> InitOptions.defaults()
                .withLocation(new TrustedLocation(URI.create(server.metadataUrl()), URI.create(server.targetsUrl()), List.of())));
        sim.addTarget("a.txt", "a", null);
        assertEquals(0, client("--metadata-dir", md(), "init", rootFile().toString()).exitCode());
        try (SimulatorServer decoy = new SimulatorServer()) {
            CliRun run = download0(decoy, "a.txt");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.err().contains("following the repository location signed into trusted root v1: metadata "
                    + sim.server().metadataUrl() + "/"), run.err());
            assertTrue(run.err().contains("not using --metadata-url " + decoy.metadataUrl()
                    + " and --target-base-url " + decoy.targetsUrl()), run.err());
            assertTrue(decoy.requests().isEmpty(), "the URL given on the command line was used: " + decoy.requests());
        }
        CliRun noUrl = client("--metadata-dir", md(), "refresh");
        assertEquals(0, noUrl.exitCode(), "--metadata-url is optional when root names a location: " + noUrl);
        assertFalse(noUrl.err().contains("not using"), noUrl.err());
    }

    @Test
    void withoutASignedLocationTheGivenUrlIsUsedSilentlyAndRequired() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"));
        assertEquals(0, client("--metadata-dir", md(), "init", rootFile().toString()).exitCode());
        CliRun run = client("--metadata-dir", md(), "--metadata-url", sim.server().metadataUrl(), "refresh");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.err());
        CliRun missing = client("--metadata-dir", md(), "refresh");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("--metadata-url is required"), missing.err());
    }

    /** A root that pins TLS keys but names an http location cannot even be installed: pins mean https only. */
    @Test
    void aRootPinningAnHttpLocationIsRefusedAtInit() throws Exception {
        sim = RepoSimulator.start(tmp.resolve("sim"));
        io.patchbay.tuf.api.Metadata root = io.patchbay.tuf.api.Metadata.parse(sim.rootBytes(1));
        var location = root.signed().putObject(TrustedLocation.LOCATION_FIELD);
        location.put("metadata_url", sim.server().metadataUrl() + "/");
        location.put("targets_url", sim.server().targetsUrl() + "/");
        root.signed().putArray(TrustedLocation.TLS_PINS_FIELD).add("sha256/" + "A".repeat(43) + "=");
        root.clearSignatures();
        sim.signers("root").forEach(signer -> signer.signMetadata(root));
        Path file = Files.write(tmp.resolve("pinned-http-root.json"), root.toBytes());
        sim.server().clearRequests();

        CliRun run = client("--metadata-dir", md(), "init", file.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("TLS pins, so its location must be https"), run.err());
        assertTrue(DirectorySnapshot.of(sim.clientMetadataDir()).isEmpty());
        assertTrue(sim.server().requests().isEmpty());
    }

    /** A download whose command-line URLs name the ORIGINAL host (the signed root decides where to go). */
    private CliRun download0(SimulatorServer original, String... names) {
        List<String> args = new ArrayList<>(List.of("--metadata-dir", md(), "--metadata-url", original.metadataUrl()));
        for (String name : names) {
            args.add("--target-name");
            args.add(name);
        }
        if (names.length == 0) {
            args.add("refresh");
        } else {
            args.addAll(List.of("--target-base-url", original.targetsUrl(), "--target-dir", sim.clientTargetDir().toString(),
                    "download"));
        }
        return client(args.toArray(String[]::new));
    }
}
