package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.DelegationLimitException;
import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import io.patchbay.tuf.testing.TestKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edges of the client that the workflow tests did not pin down (found by mutation testing). */
class ClientEdgeCasesTest extends ClientTestBase {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyLimitMustBePositiveAndTargetsFitInMemory() {
        long[] ok = {1, 1, 1, 1, 1, 1, 1};
        new Limits(1, 1, 1, 1, 1, 1, 1);
        for (int zero = 0; zero < ok.length; zero++) {
            long[] values = ok.clone();
            values[zero] = 0;
            assertThrows(IllegalArgumentException.class, () -> new Limits(values[0], values[1], values[2], values[3],
                    values[4], (int) values[5], (int) values[6]), "limit " + zero + " = 0");
        }
        new Limits(1, 1, 1, 1, Integer.MAX_VALUE - 8, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 1, 1, 1, Integer.MAX_VALUE - 7, 1, 1));
    }

    @Test
    void quotingKeepsExactlyTheUnreservedCharacters() {
        assertEquals("azAZ09_.-~", RemoteNames.quote("azAZ09_.-~"));
        assertEquals("%60%7B%40%5B%2F%3A%20%C3%A9%2F", RemoteNames.quote("`{@[/: é/"));
        assertEquals("%2F..%2F", RemoteNames.quote("/../"));
    }

    @Test
    void consistentSnapshotTargetNamesPreferSha256ThenSha512ThenTheFirstAlgorithm() {
        assertEquals("dir/bb.x.jar", RemoteNames.targetPath(new TargetFile("dir/x.jar", 1,
                Map.of("sha512", "bb", "sha384", "cc"), null), true));
        assertEquals("aa.x.jar", RemoteNames.targetPath(new TargetFile("x.jar", 1,
                Map.of("sha256", "aa", "sha512", "bb"), null), true));
        assertEquals("cc.x.jar", RemoteNames.targetPath(new TargetFile("x.jar", 1,
                Map.of("sha384", "cc", "sha512_256", "dd"), null), true));
        assertEquals("x.jar", RemoteNames.targetPath(new TargetFile("x.jar", 1, Map.of("sha384", "cc"), null), false));
    }

    @Test
    void defaultPortsCountAsTheSameLocation() {
        Endpoint.requireUnder(URI.create("http://repo.test/m/"), URI.create("http://repo.test:80/m/x"));
        assertThrows(io.patchbay.tuf.api.UntrustedLocationException.class,
                () -> Endpoint.requireUnder(URI.create("http://repo.test/m/"), URI.create("http://repo.test:443/m/x")));
        assertThrows(io.patchbay.tuf.api.UntrustedLocationException.class,
                () -> Endpoint.requireUnder(URI.create("ftp://repo.test/m/"), URI.create("ftp://repo.test:80/m/x")));
        Endpoint.requireUnder(URI.create("ftp://repo.test/m/"), URI.create("ftp://repo.test/m/x"));
    }

    @Test
    void fetchRequestsAndDownloadErrorsSayWhatTheyAre() {
        assertEquals(0, FetchRequest.unpinned(URI.create("https://a/"), 0).maxBytes());
        assertFalse(FetchRequest.unpinned(URI.create("https://a/"), 0).pinned());
        assertThrows(IllegalArgumentException.class, () -> FetchRequest.unpinned(URI.create("https://a/"), -1));
        assertTrue(new DownloadException("x", 404, null).isNotFound());
        assertTrue(new DownloadException("x", 403, null).isNotFound());
        assertFalse(new DownloadException("x", 500, null).isNotFound());
        assertFalse(new DownloadException("x").isNotFound());
        assertEquals(500, new DownloadException("x", 500, null).httpStatus());
        assertEquals(DownloadException.NO_STATUS, new DownloadException("x").httpStatus());
    }

    @Test
    void initializeChecksTheRootSignsItselfAndReturnsIt() {
        DirectoryMetadataStore fresh = new DirectoryMetadataStore(dir.resolve("fresh"));
        Metadata unsigned = Metadata.parse(repo.rootBytes());
        unsigned.clearSignatures();
        assertThrows(SignatureThresholdException.class, () -> TufClient.initialize(fresh, unsigned.toBytes()));
        assertTrue(fresh.load("root").isEmpty());
        Metadata strangerSigned = Metadata.parse(repo.rootBytes());
        TestKeys.ed25519().signMetadata(strangerSigned);
        strangerSigned.removeSignature(repo.signers.get("root").get(0).keyId());
        assertThrows(SignatureThresholdException.class, () -> TufClient.initialize(fresh, strangerSigned.toBytes()));

        Root root = TufClient.initialize(fresh, repo.rootBytes());
        assertEquals(1, root.version());
        assertArrayEquals(repo.rootBytes(), fresh.load("root").orElseThrow());
        assertThrows(IllegalStateException.class, () -> TufClient.initialize(fresh, repo.rootBytes()));
    }

    @Test
    void trustedRootBeforeAnyRefreshIsTheStoredOne() {
        TufUpdater updater = updater();
        assertEquals(1, updater.trustedRoot().version());
        assertEquals(repo.signers.get("root").get(0).keyId(), updater.trustedRoot().role("root").keyIds().get(0));
        TufUpdater empty = TufClient.builder().metadataStore(new DirectoryMetadataStore(dir.resolve("none")))
                .fetcher(repo.fetcher).clock(clock).repository(RepoFixture.METADATA_URL, RepoFixture.TARGETS_URL).build();
        assertThrows(LocalStorageException.class, empty::trustedRoot);
        assertThrows(LocalStorageException.class, empty::refresh);
    }

    @Test
    void aDamagedCachedTargetIsNotServedButFetchedAgain() throws Exception {
        TargetFile target = repo.addTarget("a.txt", bytes("genuine"));
        repo.publish();
        TufUpdater updater = updater();
        assertArrayEquals(bytes("genuine"), updater.fetchTarget("a.txt"));
        Files.write(dir.resolve("targets/a.txt"), bytes("damaged"));
        assertTrue(updater.cachedTarget(target).isEmpty(), "a cached copy that no longer matches was served");
        repo.fetcher.requests.clear();
        assertArrayEquals(bytes("genuine"), updater.fetchTarget("a.txt"));
        assertTrue(repo.fetcher.requestedPaths().contains("/targets/a.txt"));
        assertArrayEquals(bytes("genuine"), Files.readAllBytes(dir.resolve("targets/a.txt")));
    }

    @Test
    void aTargetOfExactlyTheMaximumSizeIsAllowed() {
        TargetFile target = repo.addTarget("max.bin", new byte[1024]);
        repo.publish();
        assertEquals(1024, builder().maxTargetBytes(1024).build().download(target).length);
        assertThrows(LengthExceededException.class, () -> builder().maxTargetBytes(1023).build().download(target));
    }

    @Test
    void theDelegationLimitCountsVisitedRolesExactly() {
        Metadata r0 = repo.delegate(repo.targets, "r0", List.of("*"), false);
        Metadata r1 = repo.delegate(r0, "r1", List.of("*"), false);
        repo.addTarget(r1, "deep.txt", bytes("deep"));
        repo.publish();
        assertTrue(builder().maxDelegations(3).build().findTarget("deep.txt").isPresent(), "targets, r0, r1 = 3 roles");
        assertThrows(DelegationLimitException.class, () -> builder().maxDelegations(2).build().findTarget("deep.txt"));
    }

    @Test
    void aNonTerminatingRoleWithoutTheTargetLeavesItsSiblingsInTheSearch() {
        repo.delegate(repo.targets, "a", List.of("*.jar"), false);
        Metadata b = repo.delegate(repo.targets, "b", List.of("*.jar"), false);
        repo.addTarget(b, "only-in-b.jar", bytes("b"));
        repo.publish();
        assertArrayEquals(bytes("b"), updater().fetchTarget("only-in-b.jar"));
    }

    /**
     * The directory store neither forces nor syncs targets roles (a verified cache): what a power cut can leave of
     * them (an empty file, a prefix, the previous version) is refused when loaded and downloaded again.
     */
    @Test
    void aLostOrTornTargetsRoleCopyIsDownloadedAgain() throws java.io.IOException {
        Metadata bins = repo.delegate(repo.targets, "bins", List.of("bin/*"), false);
        repo.addTarget(bins, "bin/x", bytes("x"));
        repo.publish();
        assertTrue(updater().findTarget("bin/x").isPresent());
        byte[] targetsWhole = store.load("targets").orElseThrow();
        byte[] binsWhole = store.load("bins").orElseThrow();
        java.nio.file.Path targetsFile = store.fileOf("targets");
        java.nio.file.Path binsFile = store.fileOf("bins");
        for (byte[][] torn : new byte[][][] {{new byte[0], new byte[0]},
                {java.util.Arrays.copyOf(targetsWhole, targetsWhole.length / 2), java.util.Arrays.copyOf(binsWhole, 7)}}) {
            Files.write(targetsFile, torn[0]);
            Files.write(binsFile, torn[1]);
            repo.fetcher.requests.clear();
            assertTrue(updater().findTarget("bin/x").isPresent());
            List<String> fetched = repo.fetcher.requestedPaths();
            assertTrue(fetched.stream().anyMatch(p -> p.endsWith("targets.json")), fetched.toString());
            assertTrue(fetched.stream().anyMatch(p -> p.endsWith("bins.json")), fetched.toString());
            assertArrayEquals(targetsWhole, store.load("targets").orElseThrow());
            assertArrayEquals(binsWhole, store.load("bins").orElseThrow());
        }
    }
}
