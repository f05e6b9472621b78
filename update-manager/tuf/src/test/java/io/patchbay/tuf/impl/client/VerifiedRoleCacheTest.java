package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.patchbay.tuf.testing.DirectorySnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-updater cache of verified targets roles ({@link VerifiedRoles}) must never make ONE long-lived
 * updater accept what a fresh one would refuse: every scenario first proves the role is in that updater's
 * cache, then changes the repository or the local files, then refreshes/looks up with the same updater.
 */
class VerifiedRoleCacheTest extends ClientTestBase {

    private static final String ROLE = "plugins";
    private static final String A = "plugins/a.jar";
    private static final String B = "plugins/b.jar";

    private Metadata role;
    private TufUpdater updater;

    @BeforeEach
    void delegatePluginsAndWarmTheCache() {
        role = repo.delegate(repo.targets, ROLE, List.of("plugins/*"), false);
        putDelegatedTarget(A, "a v1");
        repo.publish();
        updater = updater();
        assertEquals(sha256("a v1"), updater.requireTarget(A).hashes().get("sha256"));
        assertTrue(roleIsCached(), "precondition: plugins.json as stored is in the updater's cache");
        assertTrue(CacheProbe.holdsTopLevel(cache(), stored("targets").orElseThrow(), stored("root").orElseThrow()),
                "precondition: targets.json as stored is in the updater's cache");
    }

    @Test
    void delegatedRoleChangedBetweenRefreshesIsRefetchedAndReverified() {
        long before = storedVersion(ROLE);
        putDelegatedTarget(A, "a v2");
        putDelegatedTarget(B, "b v2");
        repo.publish();
        repo.fetcher.requests.clear();

        updater.refresh();
        assertEquals(sha256("a v2"), updater.requireTarget(A).hashes().get("sha256"), "old a.jar entry served");
        assertTrue(updater.findTarget(B).isPresent(), "new target of the new role version not found");
        assertArrayEquals(bytes("a v2"), updater.fetchTarget(A));
        assertArrayEquals(bytes("b v2"), updater.fetchTarget(B));
        assertTrue(repo.fetcher.requestedPaths().contains("/metadata/plugins.json"));
        assertEquals(before + 1, storedVersion(ROLE));
        assertTrue(roleIsCached(), "the new version is what the cache now holds");
    }

    @Test
    void newRoleVersionSignedByARevokedKeyIsRefusedDespiteCachedEarlierVersion() {
        TestSigner revoked = repo.delegationSigners.get(ROLE);
        byte[] trustedRole = stored(ROLE).orElseThrow();
        authorise(TestKeys.ed25519(), 1);
        putDelegatedTarget(B, "b v2");
        repo.publish();
        RepoFixture.sign(role, List.of(revoked));
        repo.putMetadata(ROLE, role);

        updater.refresh();
        assertThrows(SignatureThresholdException.class, () -> updater.findTarget(B));
        assertThrows(SignatureThresholdException.class, () -> updater.findTarget(A));
        assertArrayEquals(trustedRole, stored(ROLE).orElseThrow(), "the refused version must not be stored");
    }

    @Test
    void unchangedRoleBytesAreRefusedOnceTheDelegatorRevokesTheirKey() {
        byte[] cachedBytes = stored(ROLE).orElseThrow();
        authorise(TestKeys.ed25519(), 1);
        publishTargetsOnlyKeepingRoleBytes();
        assertArrayEquals(cachedBytes, repo.fetcher.files.get(RepoFixture.METADATA_URL + "plugins.json"));

        updater.refresh();
        SignatureThresholdException e = assertThrows(SignatureThresholdException.class, () -> updater.findTarget(A));
        assertTrue(e.getMessage().contains(ROLE), e.getMessage());
    }

    @Test
    void unchangedRoleBytesAreRefusedOnceTheDelegatorRaisesTheThreshold() {
        authorise(repo.delegationSigners.get(ROLE), 2);
        publishTargetsOnlyKeepingRoleBytes();

        updater.refresh();
        assertThrows(SignatureThresholdException.class, () -> updater.findTarget(A));
    }

    @Test
    void cachedRoleIsNotConsultedOnceTheDelegatorNarrowsItsPaths() {
        byte[] cachedBytes = stored(ROLE).orElseThrow();
        ObjectNode delegation = (ObjectNode) repo.targets.signed().get("delegations").get("roles").get(0);
        delegation.putArray("paths").add("plugins/other/*");
        publishTargetsOnlyKeepingRoleBytes();

        updater.refresh();
        repo.fetcher.requests.clear();
        assertTrue(updater.findTarget(A).isEmpty(), "a.jar is outside the role's new paths");
        assertArrayEquals(cachedBytes, stored(ROLE).orElseThrow());
        assertTrue(repo.fetcher.requestedPaths().isEmpty(), "the role is not even loaded");
    }

    @Test
    void unchangedTopLevelTargetsIsRefusedAfterARootRotationReplacesTheTargetsKey() {
        byte[] trustedTargets = stored("targets").orElseThrow();
        repo.signers.put("targets", new java.util.ArrayList<>(List.of(TestKeys.ed25519())));
        repo.nextRoot();
        repo.publishRoot(repo.signers.get("root"));

        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertArrayEquals(trustedTargets, stored("targets").orElseThrow());
        assertThrows(SignatureThresholdException.class, () -> updater.findTarget(A), "no lookup without a good refresh");
    }

    @Test
    void tamperedLocalRoleIsReverifiedAndReplacedNotServed() {
        byte[] genuine = stored(ROLE).orElseThrow();
        byte[] tampered = withTargetHashOf(genuine, A, "evil");
        store.store(ROLE, tampered);

        // The trusted set of the current refresh was verified before the tampering; it is what is served.
        assertEquals(sha256("a v1"), updater.requireTarget(A).hashes().get("sha256"));
        repo.fetcher.requests.clear();
        updater.refresh();
        assertEquals(sha256("a v1"), updater.requireTarget(A).hashes().get("sha256"));
        assertTrue(repo.fetcher.requestedPaths().contains("/metadata/plugins.json"), "tampered local copy was used");
        assertArrayEquals(genuine, stored(ROLE).orElseThrow(), "the store is repaired with the verified download");
        assertArrayEquals(bytes("a v1"), updater.fetchTarget(A));
    }

    @Test
    void tamperedRoleLocallyAndRemotelyFailsClosed() {
        byte[] tampered = withTargetHashOf(stored(ROLE).orElseThrow(), A, "evil");
        store.store(ROLE, tampered);
        repo.putRaw("plugins.json", tampered);

        updater.refresh();
        assertThrows(SignatureThresholdException.class, () -> updater.findTarget(A));
        assertThrows(SignatureThresholdException.class, () -> updater.fetchTarget(A));
    }

    @Test
    void cachedDelegatedRoleStillExpires() {
        Instant roleExpiry = NOW.plus(Duration.ofDays(1));
        role.setExpires(roleExpiry);
        repo.publish();
        updater.refresh();
        assertTrue(updater.findTarget(A).isPresent());
        assertTrue(roleIsCached());

        clock.set(roleExpiry);
        updater.refresh();
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater.findTarget(A));
        assertTrue(e.getMessage().startsWith("plugins v"), e.getMessage());
        clock.set(roleExpiry.plusSeconds(3600));
        updater.refresh();
        assertThrows(ExpiredMetadataException.class, () -> updater.findTarget(A));
    }

    @Test
    void cachedTopLevelTargetsStillExpires() {
        Instant targetsExpiry = NOW.plus(Duration.ofDays(2));
        repo.targets.setExpires(targetsExpiry);
        repo.publish();
        updater.refresh();
        assertTrue(CacheProbe.holdsTopLevel(cache(), stored("targets").orElseThrow(), stored("root").orElseThrow()));

        clock.set(targetsExpiry.plusSeconds(1));
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater.refresh());
        assertTrue(e.getMessage().startsWith("targets v"), e.getMessage());
        assertThrows(ExpiredMetadataException.class, () -> updater.findTarget(A));
    }

    /**
     * Issue 6, item 8: role "release" is delegated by parent-a (team-a/*, key A) and by parent-b (team-b/*,
     * key B) but signed by key A only. Through parent-a it is trusted; through parent-b it must be refused,
     * whether this updater already verified it (same refresh, or cached from an earlier one) or not.
     */
    @Test
    void diamondDelegatedRoleIsVerifiedAgainstTheDelegatorOfEachSearchPath() {
        Diamond diamond = publishDiamond(false);
        TufUpdater cold = updater();
        SignatureThresholdException coldRefusal =
                assertThrows(SignatureThresholdException.class, () -> cold.findTarget("team-b/y.jar"));
        assertTrue(coldRefusal.getMessage().contains("release"), coldRefusal.getMessage());

        TufUpdater warm = updater();
        warm.refresh();
        assertEquals(sha256("x"), warm.requireTarget("team-a/x.jar").hashes().get("sha256"));
        assertTrue(CacheProbe.holdsDelegated(CacheProbe.verifiedRolesOf(warm), "release",
                stored("release").orElseThrow(), stored("parent-a").orElseThrow()), "precondition: release cached via parent-a");
        var trustedState = DirectorySnapshot.of(store.directory());

        // Same refresh: release is already in the trusted set, verified with parent-a's key.
        SignatureThresholdException sameRun =
                assertThrows(SignatureThresholdException.class, () -> warm.findTarget("team-b/y.jar"));
        assertTrue(sameRun.getMessage().contains("release"), sameRun.getMessage());
        assertEquals(trustedState, DirectorySnapshot.of(store.directory()), "a refused lookup changes no trusted file");

        // Next refresh: release comes from the verified-role cache (same bytes), still under parent-a's keys.
        warm.refresh();
        assertThrows(SignatureThresholdException.class, () -> warm.findTarget("team-b/y.jar"));
        assertEquals(sha256("x"), warm.requireTarget("team-a/x.jar").hashes().get("sha256"), "team-a stays trusted");
        assertEquals(trustedState, DirectorySnapshot.of(store.directory()));
        assertFalse(CacheProbe.holdsDelegated(CacheProbe.verifiedRolesOf(warm), "release",
                stored("release").orElseThrow(), stored("parent-b").orElseThrow()), "never cached under parent-b's keys");
        assertEquals(1, diamond.release().signatures().size(), "release is signed by parent-a's key only");
    }

    @Test
    void diamondDelegatedRoleSignedByBothDelegatorsKeysServesBothPaths() {
        publishDiamond(true);
        TufUpdater warm = updater();
        assertEquals(sha256("x"), warm.requireTarget("team-a/x.jar").hashes().get("sha256"));
        assertEquals(sha256("y"), warm.requireTarget("team-b/y.jar").hashes().get("sha256"));
        warm.refresh();
        assertEquals(sha256("y"), warm.requireTarget("team-b/y.jar").hashes().get("sha256"));
        assertTrue(CacheProbe.holdsDelegated(CacheProbe.verifiedRolesOf(warm), "release",
                stored("release").orElseThrow(), stored("parent-b").orElseThrow()));
        assertTrue(CacheProbe.holdsDelegated(CacheProbe.verifiedRolesOf(warm), "release",
                stored("release").orElseThrow(), stored("parent-a").orElseThrow()));
    }

    private record Diamond(Metadata release) {
    }

    /** targets → parent-a (team-a/*) and parent-b (team-b/*) → release, with key A from parent-a and key B from parent-b. */
    private Diamond publishDiamond(boolean signWithBoth) {
        Metadata parentA = repo.delegate(repo.targets, "parent-a", List.of("team-a/*"), false);
        Metadata parentB = repo.delegate(repo.targets, "parent-b", List.of("team-b/*"), false);
        Metadata release = repo.delegate(parentA, "release", List.of("team-a/*"), false);
        TestSigner keyB = TestKeys.ed25519();
        ObjectNode delegationsB = parentB.signed().with("delegations");
        delegationsB.with("keys").set(keyB.keyId(), keyB.publicKey().toJson());
        ObjectNode fromB = delegationsB.withArray("roles").addObject();
        fromB.put("name", "release");
        fromB.putArray("keyids").add(keyB.keyId());
        fromB.put("threshold", 1);
        fromB.put("terminating", false);
        fromB.putArray("paths").add("team-b/*");
        repo.addTarget(release, "team-a/x.jar", bytes("x"));
        repo.addTarget(release, "team-b/y.jar", bytes("y"));
        repo.publish();
        if (signWithBoth) {
            keyB.signMetadata(release);
            repo.putMetadata("release", release);
        }
        return new Diamond(release);
    }

    // --- helpers ---

    private VerifiedRoles cache() {
        return CacheProbe.verifiedRolesOf(updater);
    }

    private boolean roleIsCached() {
        return CacheProbe.holdsDelegated(cache(), ROLE, stored(ROLE).orElseThrow(), stored("targets").orElseThrow());
    }

    /** Makes top-level targets delegate {@link #ROLE} to {@code signer} alone with {@code threshold}; the role is signed with it from now on. */
    private void authorise(TestSigner signer, int threshold) {
        ObjectNode delegations = (ObjectNode) repo.targets.signed().get("delegations");
        ObjectNode keys = (ObjectNode) delegations.get("keys");
        keys.removeAll();
        keys.set(signer.keyId(), signer.publicKey().toJson());
        for (var node : delegations.get("roles")) {
            if (node.get("name").asText().equals(ROLE)) {
                ArrayNode ids = ((ObjectNode) node).putArray("keyids");
                ids.add(signer.keyId());
                ((ObjectNode) node).put("threshold", threshold);
            }
        }
        repo.delegationSigners.put(ROLE, signer);
    }

    /** A new targets, snapshot and timestamp version; delegated role files stay byte for byte as published. */
    private void publishTargetsOnlyKeepingRoleBytes() {
        repo.targets.setVersion(repo.targets.version() + 1);
        RepoFixture.sign(repo.targets, repo.signers.get("targets"));
        repo.putMetadata("targets", repo.targets);
        repo.publishSnapshotOnly(true);
        repo.publishTimestampOnly(true);
    }

    /** The role file with {@code path}'s hashes replaced by those of {@code content}, signatures untouched. */
    private static byte[] withTargetHashOf(byte[] roleBytes, String path, String content) {
        Metadata edited = Metadata.parse(roleBytes);
        ObjectNode hashes = (ObjectNode) edited.signed().get("targets").get(path).get("hashes");
        hashes.put("sha256", sha256(content));
        hashes.put("sha512", RepoFixture.hex("SHA-512", bytes(content)));
        byte[] tampered = edited.toBytes();
        assertEquals(Metadata.parse(roleBytes).version(), Metadata.parse(tampered).version());
        assertFalse(java.util.Arrays.equals(roleBytes, tampered));
        return tampered;
    }

    private void putDelegatedTarget(String path, String content) {
        repo.addTarget(role, path, bytes(content));
    }

    private static String sha256(String content) {
        return RepoFixture.hex("SHA-256", bytes(content));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
