package io.patchbay.tuf.repo;

import io.patchbay.tuf.impl.crypto.Signatures;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.testing.TestJars;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.DelegatedRole;
import io.patchbay.tuf.api.model.MetaFile;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Snapshot;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.api.model.Targets;
import io.patchbay.tuf.api.model.Timestamp;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.impl.crypto.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TufRepositoryTest {

    @TempDir
    Path tmp;
    RepoFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RepoFixture(tmp);
    }

    @Test
    void initPublishesVersionOneOfEveryRoleWithConsistentSnapshots() throws Exception {
        fx.init();
        Root root = Root.of(fx.metadata("1.root.json"));
        assertTrue(root.consistentSnapshot());
        Signatures.verifyRole(root, "root", root.metadata());
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            assertEquals(1, root.role(role).keyIds().size());
            assertEquals(1, root.role(role).threshold());
        }
        Targets targets = Targets.of(fx.metadata("1.targets.json"));
        Signatures.verifyRole(root, "targets", targets.metadata());
        assertTrue(targets.targets().isEmpty());

        Timestamp timestamp = Timestamp.of(fx.metadata("timestamp.json"));
        Signatures.verifyRole(root, "timestamp", timestamp.metadata());
        byte[] snapshotBytes = Files.readAllBytes(fx.repoDir.resolve("metadata/1.snapshot.json"));
        MetaFile snapshotMeta = timestamp.snapshotMeta();
        assertEquals(1, snapshotMeta.version());
        assertEquals(snapshotBytes.length, snapshotMeta.length().orElseThrow());
        assertEquals(sha256(snapshotBytes), snapshotMeta.hashes().get("sha256"));

        Snapshot snapshot = Snapshot.of(Metadata.parse(snapshotBytes));
        Signatures.verifyRole(root, "snapshot", snapshot.metadata());
        byte[] targetsBytes = Files.readAllBytes(fx.repoDir.resolve("metadata/1.targets.json"));
        assertEquals(sha256(targetsBytes), snapshot.meta().get("targets.json").hashes().get("sha256"));
        assertEquals(Set.of("targets.json"), snapshot.meta().keySet());
        assertEquals("2031-01-01T00:00:00Z", Metadata.formatExpiry(root.metadata().expires()));
        assertEquals("2030-01-02T00:00:00Z", Metadata.formatExpiry(timestamp.metadata().expires()));
    }

    @Test
    void initRefusesAnExistingRepositoryAndMissingKeys() {
        fx.init();
        assertThrows(RepositoryException.class, () -> TufRepository.init(fx.repoDir, fx.ring, InitOptions.defaults(), RepoFixture.CLOCK));
        KeyRing empty = KeyRing.at(tmp.resolve("empty"));
        RepositoryException e = assertThrows(RepositoryException.class,
                () -> TufRepository.init(tmp.resolve("other"), empty, InitOptions.defaults(), RepoFixture.CLOCK));
        assertTrue(e.getMessage().contains("no keys for role 'root'"), e.getMessage());
        assertThrows(RepositoryException.class, () -> TufRepository.init(tmp.resolve("other"), fx.ring,
                InitOptions.defaults().withThreshold("root", 2), RepoFixture.CLOCK));
    }

    @Test
    void privateKeysAreOwnerOnly() throws Exception {
        Path roleDir = fx.ring.dir().resolve("root");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(roleDir)));
        try (var files = Files.list(roleDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".pem")).toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
    }

    @Test
    void addTargetCopiesTheBundleUnderEachHashAndListsItsManifestIdentity() throws Exception {
        TufRepository repo = fx.init();
        Path jar = TestJars.bundle(tmp, "my bundle.jar", "com.example.greeter;singleton:=true", "1.2.3");
        TargetFile target = repo.addTarget(jar, "bundles/my bundle.jar", null);
        assertTrue(repo.publish().isPublished());

        Targets targets = Targets.of(fx.metadata("2.targets.json"));
        TargetFile listed = targets.target("bundles/my bundle.jar").orElseThrow();
        assertEquals(target, listed);
        assertEquals(Files.size(jar), listed.length());
        assertEquals(Set.of("sha256", "sha512"), listed.hashes().keySet());
        assertEquals("com.example.greeter", listed.custom().path("bundle").path("symbolic_name").asText());
        assertEquals("1.2.3", listed.custom().path("bundle").path("version").asText());
        for (String hash : listed.hashes().values()) {
            assertArrayEquals(Files.readAllBytes(jar),
                    Files.readAllBytes(fx.repoDir.resolve("targets/bundles/" + hash + ".my bundle.jar")));
        }
        assertEquals(2, Timestamp.of(fx.metadata("timestamp.json")).snapshotMeta().version());
        assertEquals(2, Snapshot.of(fx.metadata("2.snapshot.json")).meta().get("targets.json").version());
    }

    @Test
    void refusesJarsThatAreNotBundlesAndBadPathsWithoutWritingAnything() throws Exception {
        TufRepository repo = fx.init();
        Map<String, String> before = fx.snapshotOfFiles();
        Path plain = TestJars.bundle(tmp, "plain.jar", null, null);
        assertThrows(RepositoryException.class, () -> repo.addTarget(plain, "plain.jar", null));
        Path text = Files.writeString(tmp.resolve("a.txt"), "x");
        for (String bad : List.of("../a.txt", "/a.txt", "a//b.txt", "a\\b.txt", "dir/", "./a.txt")) {
            assertThrows(RepositoryException.class, () -> repo.addTarget(text, bad, null), bad);
        }
        assertEquals(before, fx.snapshotOfFiles());
    }

    @Test
    void delegationsByPathAndHashPrefixRestrictWhatARoleMayList() throws Exception {
        TufRepository repo = fx.init();
        List<TufKey> releaseKeys = fx.ring.generate("release", 2, "ed25519");
        repo.delegate(DelegationSpec.ofPaths("release", releaseKeys, 2, true, List.of("bundles/*.jar")));
        List<TufKey> binKeys = fx.ring.generate("bin-0", 1, "ecdsa-sha2-nistp256");
        repo.delegate(DelegationSpec.ofHashPrefixes("bin-0", binKeys, 1, false, List.of("0", "1", "2", "3", "4", "5", "6", "7")));
        assertTrue(repo.publish().isPublished());

        Path jar = TestJars.bundle(tmp, "a.jar", "a", "1.0.0");
        repo.addTarget(jar, "bundles/a.jar", "release");
        assertThrows(RepositoryException.class, () -> repo.addTarget(jar, "other/a.jar", "release"));
        Path text = Files.writeString(tmp.resolve("t.txt"), "hello");
        String inBin = firstPathWithHashPrefixIn("0123456");
        repo.addTarget(text, inBin, "bin-0");
        String outsideBin = firstPathWithHashPrefixIn("89abcdef");
        assertThrows(RepositoryException.class, () -> repo.addTarget(text, outsideBin, "bin-0"));
        assertTrue(repo.publish().isPublished());

        Root root = Root.of(fx.metadata("1.root.json"));
        Targets top = Targets.of(fx.metadata("2.targets.json"));
        Signatures.verifyRole(root, "targets", top.metadata());
        DelegatedRole release = top.delegations().orElseThrow().roles().get(0);
        assertEquals("release", release.name());
        assertTrue(release.terminating());
        assertEquals(2, release.roleKeys().threshold());
        Targets releaseMd = Targets.of(fx.metadata("2.release.json"));
        Signatures.verifyThreshold(releaseMd.metadata(), "release", top.delegations().orElseThrow().keysOf(release), release.roleKeys());
        assertTrue(releaseMd.target("bundles/a.jar").isPresent());
        Snapshot snapshot = Snapshot.of(fx.metadata("3.snapshot.json"));
        assertEquals(Set.of("targets.json", "release.json", "bin-0.json"), snapshot.meta().keySet());
        assertEquals(2, snapshot.meta().get("bin-0.json").version());
    }

    @Test
    void rootRotationIsSignedByTheOldAndTheNewRootKeys() throws Exception {
        TufRepository repo = fx.init();
        Root v1 = Root.of(fx.metadata("1.root.json"));
        String oldKey = v1.role("root").keyIds().get(0);
        TufKey newKey = fx.ring.generate("root", 1, "ed25519").get(0);
        repo.rotateKeys("root", List.of(newKey), List.of(oldKey), null);
        assertTrue(repo.publish().isPublished());

        Root v2 = Root.of(fx.metadata("2.root.json"));
        assertEquals(List.of(newKey.keyId()), v2.role("root").keyIds());
        assertFalse(v2.keys().containsKey(oldKey), "the revoked key leaves the key table");
        Signatures.verifyRole(v1, "root", v2.metadata());
        Signatures.verifyRole(v2, "root", v2.metadata());
        assertEquals(2, v2.metadata().signatures().size());
    }

    @Test
    void snapshotKeyRotationResignsSnapshotAndTimestampWithTheNewKeys() throws Exception {
        TufRepository repo = fx.init();
        Root v1 = Root.of(fx.metadata("1.root.json"));
        TufKey newSnapshotKey = fx.ring.generate("snapshot", 1, "ed25519").get(0);
        repo.rotateKeys("snapshot", List.of(newSnapshotKey), v1.role("snapshot").keyIds(), null);
        repo.publish();
        Root v2 = Root.of(fx.metadata("2.root.json"));
        Metadata snapshot = fx.metadata("2.snapshot.json");
        Signatures.verifyRole(v2, "snapshot", snapshot);
        assertEquals(List.of(newSnapshotKey.keyId()),
                snapshot.signatures().stream().map(s -> s.keyId()).toList());
    }

    @Test
    void thresholdTwoRootStagesUntilASecondOperatorSigns() throws Exception {
        KeyRing second = KeyRing.at(tmp.resolve("second-operator"));
        TufKey secondRootKey = second.generate("root", 1, "ed25519").get(0);
        TufRepository repo = fx.init();
        repo.rotateKeys("root", List.of(secondRootKey), List.of(), 2);
        PublishResult result = repo.publish();
        assertFalse(result.isPublished(), "v2 needs 2 signatures of its own keys and the new key has not signed");
        assertEquals(List.of("root v2: 1 of 2 signature(s) from its keys"), result.staged());
        assertFalse(Files.exists(fx.repoDir.resolve("metadata/2.root.json")));
    }

    @Test
    void stagedRolesWaitForTheMissingSignatures() throws Exception {
        TufRepository repo = fx.init();
        KeyRing second = KeyRing.at(tmp.resolve("second-operator"));
        TufKey secondTargetsKey = second.generate("targets", 1, "ed25519").get(0);
        repo.rotateKeys("targets", List.of(secondTargetsKey), List.of(), 2);
        PublishResult staged = repo.publish();
        assertFalse(staged.isPublished());
        assertTrue(staged.staged().get(0).startsWith("targets v2: 1 of 2"), staged.staged().toString());
        assertFalse(Files.exists(fx.repoDir.resolve("metadata/2.root.json")), "nothing published while staged");
        assertTrue(Files.exists(fx.repoDir.resolve("staged/root.json")));

        // The second operator's ring holds only their targets key; the online keys are in the first ring.
        KeyRing merged = KeyRing.at(tmp.resolve("merged"));
        copyRing(fx.ring, merged);
        copyRing(second, merged);
        PublishResult done = TufRepository.open(fx.repoDir, merged, RepoFixture.CLOCK).sign("targets");
        assertTrue(done.isPublished(), done.staged().toString());
        Root v2 = Root.of(fx.metadata("2.root.json"));
        Signatures.verifyRole(v2, "targets", fx.metadata("2.targets.json"));
        assertFalse(Files.exists(fx.repoDir.resolve("staged/root.json")));
    }

    @Test
    void locationAndPinsChangeByRootRotation() throws Exception {
        TufRepository repo = fx.init();
        repo.setLocation(new TrustedLocation(URI.create("https://a.example/metadata"), URI.create("https://a.example/targets"),
                List.of("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
        repo.publish();
        repo.setTlsPins(List.of("sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA="));
        repo.publish();
        Root v3 = Root.of(fx.metadata("3.root.json"));
        TrustedLocation location = v3.location().orElseThrow();
        assertEquals(URI.create("https://a.example/metadata/"), location.metadataUrl());
        assertEquals(List.of("sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA="), location.tlsPins());
        Signatures.verifyRole(Root.of(fx.metadata("2.root.json")), "root", v3.metadata());
    }

    @Test
    void pushKeysChangeByRootRotationSignedByTheOldRoot() throws Exception {
        TufRepository repo = fx.init();
        assertEquals(List.of(), Root.of(fx.metadata("1.root.json")).pushKeys(), "no push keys: every push is refused");
        String first = "A".repeat(42) + "A";
        String second = "B".repeat(42) + "A";
        repo.setPushKeys(List.of(first));
        repo.publish();
        repo.setPushKeys(List.of(second));
        repo.publish();
        Root v2 = Root.of(fx.metadata("2.root.json"));
        Root v3 = Root.of(fx.metadata("3.root.json"));
        assertEquals(List.of(first), v2.pushKeys());
        assertEquals(List.of(second), v3.pushKeys());
        Signatures.verifyRole(v2, "root", v3.metadata());
        assertEquals(List.of(second), repo.pushKeys());
        for (List<String> bad : List.of(List.of("short"), List.of(first, first), List.of(first + "="),
                List.of("A".repeat(42) + "B"), java.util.Collections.nCopies(9, first))) {
            assertThrows(io.patchbay.tuf.api.MalformedMetadataException.class, () -> repo.setPushKeys(bad), bad.toString());
        }
    }

    @Test
    void aRootKeyKeptInASeparateRingSignsAPinRotationWithTheOnlineTimestampKey() throws Exception {
        TufRepository repo = fx.init();
        repo.setLocation(new TrustedLocation(URI.create("https://a.example/metadata"), URI.create("https://a.example/targets"),
                List.of("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
        assertTrue(repo.publish().isPublished());
        Path rootOnly = tmp.resolve("root-ring");
        Files.createDirectories(rootOnly);
        Files.move(fx.ring.dir().resolve("root"), rootOnly.resolve("root"));

        TufRepository online = TufRepository.open(fx.repoDir, fx.ring, RepoFixture.CLOCK);
        online.setTlsPins(List.of("sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA="));
        PublishResult withoutRoot = online.publish();
        assertFalse(withoutRoot.isPublished(), "the online ring alone cannot sign root");
        Files.delete(fx.repoDir.resolve("staged/root.json"));

        TufRepository both = TufRepository.open(fx.repoDir, fx.ring, RepoFixture.CLOCK)
                .alsoSigningWith(KeyRing.at(rootOnly));
        both.setTlsPins(List.of("sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA="));
        assertTrue(both.publish().isPublished());
        Root v2 = Root.of(fx.metadata("2.root.json"));
        Root v3 = Root.of(fx.metadata("3.root.json"));
        Signatures.verifyRole(v2, "root", v3.metadata());
        Signatures.verifyRole(v3, "timestamp", fx.metadata("timestamp.json"));
        assertEquals(List.of("sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA="), v3.location().orElseThrow().tlsPins());
    }

    @Test
    void refreshingTheTimestampRenewsOnlyTheTimestamp() throws Exception {
        fx.init();
        TufRepository later = TufRepository.open(fx.repoDir, fx.ring,
                java.time.Clock.offset(RepoFixture.CLOCK, Duration.ofHours(20)))
                .withExpiry(ExpiryPolicy.defaults().with("timestamp", Duration.ofHours(6)));
        later.publish();
        Timestamp ts = Timestamp.of(fx.metadata("timestamp.json"));
        assertEquals(2, ts.version());
        assertEquals("2030-01-02T02:00:00Z", Metadata.formatExpiry(ts.metadata().expires()));
        assertEquals(1, ts.snapshotMeta().version());
        later.touch("snapshot");
        later.publish();
        assertEquals(2, Timestamp.of(fx.metadata("timestamp.json")).snapshotMeta().version());
    }

    @Test
    void withoutConsistentSnapshotsFilesKeepTheirPlainNames() throws Exception {
        TufRepository repo = TufRepository.init(fx.repoDir, fx.ring, InitOptions.defaults().withConsistentSnapshot(false),
                RepoFixture.CLOCK);
        repo.publish();
        Path jar = TestJars.bundle(tmp, "b.jar", "b", null);
        repo.addTarget(jar, "b.jar", null);
        repo.publish();
        for (String f : List.of("1.root.json", "root.json", "targets.json", "snapshot.json", "timestamp.json")) {
            assertTrue(Files.exists(fx.repoDir.resolve("metadata").resolve(f)), f);
        }
        assertFalse(Files.exists(fx.repoDir.resolve("metadata/2.targets.json")));
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(fx.repoDir.resolve("targets/b.jar")));
        assertEquals("0.0.0", Targets.of(fx.metadata("targets.json")).target("b.jar").orElseThrow()
                .custom().path("bundle").path("version").asText());
    }

    private static void copyRing(KeyRing from, KeyRing to) throws Exception {
        for (String role : from.roles()) {
            Path dir = to.dir().resolve(role);
            Files.createDirectories(dir);
            try (var files = Files.list(from.dir().resolve(role))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String firstPathWithHashPrefixIn(String firstHexDigits) throws Exception {
        for (int i = 0; ; i++) {
            String path = "files/f" + i + ".txt";
            if (firstHexDigits.indexOf(sha256(path.getBytes(java.nio.charset.StandardCharsets.UTF_8)).charAt(0)) >= 0) {
                return path;
            }
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
