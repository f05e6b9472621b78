package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.BadHashException;
import io.patchbay.tuf.api.BadVersionException;
import io.patchbay.tuf.api.DelegationLimitException;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TargetNotFoundException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsAndDelegationsTest extends ClientTestBase {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void downloadsAndVerifiesATopLevelTarget() throws Exception {
        TargetFile target = repo.addTarget("bundles/app-1.0.jar", bytes("jar bytes"));
        repo.publish();
        TufUpdater updater = updater();
        assertArrayEquals(bytes("jar bytes"), updater.fetchTarget("bundles/app-1.0.jar"));
        assertArrayEquals(bytes("jar bytes"), Files.readAllBytes(dir.resolve("targets/bundles%2Fapp-1.0.jar")));
        assertEquals(target, updater.requireTarget("bundles/app-1.0.jar"));
        assertTrue(repo.fetcher.requestedPaths().contains("/targets/bundles/app-1.0.jar"));

        repo.fetcher.requests.clear();
        assertArrayEquals(bytes("jar bytes"), updater.fetchTarget("bundles/app-1.0.jar"));
        assertFalse(repo.fetcher.requestedPaths().contains("/targets/bundles/app-1.0.jar"), "served from the verified cache");
    }

    @Test
    void targetWithWrongContentIsRefusedAndNotStored() {
        TargetFile target = repo.addTarget("a.txt", bytes("good content"));
        repo.publish();
        repo.put(RepoFixture.TARGETS_URL, "a.txt", bytes("evil content"));
        TufUpdater updater = updater();
        BadHashException e = assertThrows(BadHashException.class, () -> updater.download(target));
        assertTrue(e.getMessage().contains("target 'a.txt'"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("targets/a.txt")));
    }

    @Test
    void everyListedHashMustMatch() {
        repo.addTarget("a.txt", bytes("content"));
        ((ObjectNode) repo.targets.signed().get("targets").get("a.txt").get("hashes")).put("sha512", "00".repeat(64));
        repo.publish();
        TufUpdater updater = updater();
        BadHashException e = assertThrows(BadHashException.class, () -> updater.fetchTarget("a.txt"));
        assertTrue(e.getMessage().contains("sha512"), e.getMessage());
    }

    @Test
    void unsupportedHashAlgorithmFailsClosed() {
        repo.addTarget("a.txt", bytes("content"));
        ((ObjectNode) repo.targets.signed().get("targets").get("a.txt").get("hashes")).put("md5", "00");
        repo.publish();
        TufUpdater updater = updater();
        assertThrows(BadHashException.class, () -> updater.fetchTarget("a.txt"));
    }

    @Test
    void targetLongerThanListedIsCutAtTheBound() {
        TargetFile target = repo.addTarget("a.txt", bytes("12345"));
        repo.publish();
        repo.put(RepoFixture.TARGETS_URL, "a.txt", bytes("1234567890"));
        TufUpdater updater = updater();
        assertThrows(LengthExceededException.class, () -> updater.download(target));
        assertEquals(5, repo.fetcher.requests.get(repo.fetcher.requests.size() - 1).maxBytes());
    }

    @Test
    void targetAboveTheConfiguredMaximumIsNotFetched() {
        TargetFile target = repo.addTarget("big.bin", new byte[2048]);
        repo.publish();
        TufUpdater updater = builder().maxTargetBytes(1024).build();
        assertThrows(LengthExceededException.class, () -> updater.download(target));
    }

    @Test
    void unknownTargetIsNotFound() {
        repo.publish();
        TufUpdater updater = updater();
        TargetNotFoundException e = assertThrows(TargetNotFoundException.class, () -> updater.requireTarget("nope.jar"));
        assertTrue(e.getMessage().contains("nope.jar"));
    }

    @Test
    void targetsVersionMustMatchSnapshot() {
        repo.targets.setVersion(5);
        repo.publishTargetsOnly();
        repo.snapshot.signed().with("meta").with("targets.json").put("version", 4);
        RepoFixture.sign(repo.snapshot, repo.signers.get("snapshot"));
        repo.putMetadata("snapshot", repo.snapshot);
        repo.publishTimestampOnly(true);
        repo.putRaw("targets.json", repo.targets.toBytes());
        assertThrows(BadVersionException.class, () -> updater().refresh());
        assertTrue(stored("targets").isEmpty());
    }

    @Test
    void targetsMustMatchSnapshotHashWhenListed() {
        repo.targetsHashesInSnapshot = true;
        repo.publish();
        updater().refresh();
        repo.targets.setExpires(java.time.Instant.parse("2029-01-01T00:00:00Z"));
        RepoFixture.sign(repo.targets, repo.signers.get("targets"));
        repo.putMetadata("targets", repo.targets);
        store.delete("targets");
        assertThrows(BadHashException.class, () -> updater().refresh());
    }

    @Test
    void targetsSignedByWrongKeyOrExpiredIsRefused() {
        RepoFixture.sign(repo.targets, List.of(TestKeys.ed25519()));
        repo.putMetadata("targets", repo.targets);
        assertThrows(SignatureThresholdException.class, () -> updater().refresh());

        repo.targets.setExpires(NOW.minusSeconds(60));
        RepoFixture.sign(repo.targets, repo.signers.get("targets"));
        repo.putMetadata("targets", repo.targets);
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater().refresh());
        assertTrue(e.getMessage().startsWith("targets v1"), e.getMessage());
    }

    @Test
    void findsATargetInADelegatedRole() {
        Metadata role = repo.delegate(repo.targets, "plugins", List.of("plugins/*"), false);
        repo.publish();
        putDelegatedTarget(role, "plugins/p.jar", "plugin");
        repo.publish();
        TufUpdater updater = updater();
        assertArrayEquals(bytes("plugin"), updater.fetchTarget("plugins/p.jar"));
        assertEquals(2, storedVersion("plugins"));
        assertTrue(updater.findTarget("other/p.jar").isEmpty());
    }

    private void putDelegatedTarget(Metadata role, String path, String content) {
        repo.addTarget(role, path, bytes(content));
    }

    @Test
    void delegatedRoleOutsideItsPathsIsNotTrusted() {
        Metadata role = repo.delegate(repo.targets, "plugins", List.of("plugins/*"), false);
        putDelegatedTarget(role, "core/evil.jar", "evil");
        repo.publish();
        assertTrue(updater().findTarget("core/evil.jar").isEmpty());
        assertTrue(repo.fetcher.requestedPaths().stream().noneMatch(p -> p.contains("plugins.json")),
                "a role not trusted for the path is not even fetched");
    }

    @Test
    void preorderSearchFirstMatchWinsAndTerminatingStopsTheSearch() {
        Metadata a = repo.delegate(repo.targets, "a", List.of("*.jar"), false);
        Metadata a1 = repo.delegate(a, "a1", List.of("*.jar"), true);
        Metadata b = repo.delegate(repo.targets, "b", List.of("*.jar"), false);
        putDelegatedTarget(a1, "x.jar", "from a1");
        putDelegatedTarget(b, "x.jar", "from b");
        putDelegatedTarget(b, "y.jar", "y from b");
        repo.publish();
        TufUpdater updater = updater();
        String a1Hash = RepoFixture.hex("SHA-256", bytes("from a1"));
        assertEquals(a1Hash, updater.requireTarget("x.jar").hashes().get("sha256"));
        // a1 is terminating and lacks y.jar: b must not be consulted.
        assertTrue(updater.findTarget("y.jar").isEmpty());
    }

    @Test
    void delegatedRoleSignedByWrongKeyIsRefused() {
        Metadata role = repo.delegate(repo.targets, "plugins", List.of("plugins/*"), false);
        putDelegatedTarget(role, "plugins/p.jar", "plugin");
        repo.publish();
        RepoFixture.sign(role, repo.signers.get("targets"));
        repo.putMetadata("plugins", role);
        TufUpdater updater = updater();
        assertThrows(SignatureThresholdException.class, () -> updater.findTarget("plugins/p.jar"));
        assertTrue(stored("plugins").isEmpty());
    }

    @Test
    void delegatedRoleMissingFromSnapshotIsRefused() {
        repo.delegate(repo.targets, "plugins", List.of("plugins/*"), false);
        repo.publish();
        repo.delegated.clear();
        repo.publishSnapshotOnly(true);
        repo.publishTimestampOnly(true);
        TufUpdater updater = updater();
        BadVersionException e = assertThrows(BadVersionException.class, () -> updater.findTarget("plugins/p.jar"));
        assertTrue(e.getMessage().contains("'plugins'"), e.getMessage());
    }

    @Test
    void delegationCyclesAreVisitedOnce() {
        Metadata a = repo.delegate(repo.targets, "a", List.of("*"), false);
        Metadata b = repo.delegate(a, "b", List.of("*"), false);
        repo.delegate(b, "a", List.of("*"), false);
        repo.delegated.put("a", a);
        repo.publish();
        assertTrue(updater().findTarget("missing").isEmpty());
    }

    @Test
    void visitingMoreRolesThanAllowedFails() {
        Metadata parent = repo.targets;
        for (int i = 0; i < 5; i++) {
            parent = repo.delegate(parent, "r" + i, List.of("*"), false);
        }
        repo.publish();
        TufUpdater updater = builder().maxDelegations(3).build();
        DelegationLimitException e = assertThrows(DelegationLimitException.class, () -> updater.findTarget("missing"));
        assertTrue(e.getMessage().contains("limit is 3"), e.getMessage());
        assertTrue(builder().build().findTarget("missing").isEmpty());
    }

    /** Item 11: "??" is two characters, so an emoji (one character, two UTF-16 units) is not in "v??.tgz". */
    @Test
    void aDelegationPatternMatchesCharactersNotUtf16Units() {
        String emojiPath = "releases/v\uD83D\uDE00.tgz";
        Metadata twoChars = repo.delegate(repo.targets, "two-chars", List.of("releases/v??.tgz"), true);
        putDelegatedTarget(twoChars, emojiPath, "evil");
        repo.publish();
        TufUpdater updater = updater();
        assertTrue(updater.findTarget(emojiPath).isEmpty(), "'v??.tgz' trusted a role for a one-character name");
        assertTrue(repo.fetcher.requestedPaths().stream().noneMatch(p -> p.contains("two-chars")),
                "a role not trusted for the path is not even fetched");
        assertTrue(stored("two-chars").isEmpty());
    }

    @Test
    void aQuestionMarkMatchesOneCharacterAboveUFFFF() {
        String emojiPath = "releases/v\uD83D\uDE00.tgz";
        Metadata oneChar = repo.delegate(repo.targets, "one-char", List.of("releases/v?.tgz"), true);
        putDelegatedTarget(oneChar, emojiPath, "release");
        repo.publish();
        assertArrayEquals(bytes("release"), updater().fetchTarget(emojiPath));
    }

    /**
     * Item 11: Java's UTF-8 encoder turns an unpaired surrogate into '?', so "\uD800" would be hashed (and
     * binned) like "?". Such a path has no UTF-8 form at all: the lookup is refused before any role is read.
     */
    @Test
    void aPathWithAnUnpairedSurrogateIsRefusedNotBinnedAsQuestionMark() {
        Metadata role = repo.delegate(repo.targets, "bin", List.of(), true);
        ObjectNode delegation = (ObjectNode) repo.targets.signed().get("delegations").get("roles").get(0);
        delegation.remove("paths");
        delegation.putArray("path_hash_prefixes").add(RepoFixture.hex("SHA-256", bytes("?")).substring(0, 2));
        putDelegatedTarget(role, "?", "question mark");
        repo.publish();
        TufUpdater updater = updater();
        updater.refresh();
        var before = io.patchbay.tuf.testing.DirectorySnapshot.of(store.directory());
        repo.fetcher.requests.clear();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> updater.findTarget("\uD800"));
        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        assertTrue(repo.fetcher.requests.isEmpty(), "nothing is fetched for such a path");
        assertEquals(before, io.patchbay.tuf.testing.DirectorySnapshot.of(store.directory()));
        assertArrayEquals(bytes("question mark"), updater.fetchTarget("?"), "the real '?' stays reachable");
    }

    @Test
    void pathHashPrefixDelegation() {
        Metadata role = repo.delegate(repo.targets, "bin", List.of(), false);
        ObjectNode delegation = (ObjectNode) repo.targets.signed().get("delegations").get("roles").get(0);
        delegation.remove("paths");
        String prefix = RepoFixture.hex("SHA-256", bytes("p.jar")).substring(0, 1);
        delegation.putArray("path_hash_prefixes").add(prefix);
        putDelegatedTarget(role, "p.jar", "binned");
        repo.publish();
        assertArrayEquals(bytes("binned"), updater().fetchTarget("p.jar"));
    }
}
