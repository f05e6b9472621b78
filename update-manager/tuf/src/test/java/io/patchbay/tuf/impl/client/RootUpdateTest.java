package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.BadVersionException;
import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.MaxRootRotationsException;
import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.RepositoryMismatchException;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootUpdateTest extends ClientTestBase {

    private List<TestSigner> rotateRootKey() {
        List<TestSigner> old = new ArrayList<>(repo.signers.get("root"));
        repo.signers.put("root", new ArrayList<>(List.of(TestKeys.ed25519())));
        repo.nextRoot();
        return old;
    }

    private List<TestSigner> both(List<TestSigner> old) {
        List<TestSigner> all = new ArrayList<>(old);
        all.addAll(repo.signers.get("root"));
        return all;
    }

    @Test
    void firstRefreshTrustsEverythingAndStoresUnversionedNames() {
        RefreshResult result = updater().refresh();
        assertEquals(new RefreshResult(1, 1, 1, 1, 0, true), result);
        for (String role : List.of("root", "timestamp", "snapshot", "targets")) {
            assertEquals(1, storedVersion(role), role);
        }
        assertTrue(repo.fetcher.requestedPaths().contains("/metadata/2.root.json"));
        assertTrue(repo.fetcher.requestedPaths().contains("/metadata/snapshot.json"));
    }

    @Test
    void secondRefreshWithoutChangesKeepsLocalSnapshotAndTargets() {
        updater().refresh();
        repo.fetcher.requests.clear();
        RefreshResult again = updater().refresh();
        assertFalse(again.changed());
        assertEquals(List.of("/metadata/2.root.json", "/metadata/timestamp.json"), repo.fetcher.requestedPaths());
    }

    @Test
    void rotatedRootSignedByOldAndNewKeysIsAccepted() {
        List<TestSigner> old = rotateRootKey();
        byte[] v2 = repo.publishRoot(both(old));
        RefreshResult result = updater().refresh();
        assertEquals(2, result.rootVersion());
        assertEquals(1, result.rootRotations());
        assertArrayEquals(v2, stored("root").orElseThrow());
    }

    @Test
    void rotatedRootSignedOnlyByNewKeysIsRefused() {
        rotateRootKey();
        repo.publishRoot(repo.signers.get("root"));
        SignatureThresholdException e = assertThrows(SignatureThresholdException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("trusted root v1"), e.getMessage());
        assertEquals(1, storedVersion("root"));
    }

    @Test
    void rotatedRootSignedOnlyByOldKeysIsRefused() {
        List<TestSigner> old = rotateRootKey();
        repo.publishRoot(old);
        SignatureThresholdException e = assertThrows(SignatureThresholdException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("own root keys"), e.getMessage());
        assertEquals(1, storedVersion("root"));
    }

    @Test
    void rootMustBeExactlyTheNextVersion() {
        repo.nextRoot();
        repo.root.setVersion(3);
        byte[] v3 = repo.publishRoot(repo.signers.get("root"));
        repo.putRaw("2.root.json", v3);
        BadVersionException e = assertThrows(BadVersionException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
        assertEquals(1, storedVersion("root"));
    }

    @Test
    void rootChainIsFollowedOneVersionAtATime() {
        for (int i = 0; i < 3; i++) {
            List<TestSigner> old = rotateRootKey();
            repo.publishRoot(both(old));
        }
        assertEquals(4, updater().refresh().rootVersion());
        assertTrue(repo.fetcher.requestedPaths().containsAll(List.of("/metadata/2.root.json", "/metadata/3.root.json",
                "/metadata/4.root.json", "/metadata/5.root.json")));
    }

    @Test
    void tooManyRotationsStopAtTheLimit() {
        for (int i = 0; i < 3; i++) {
            repo.nextRoot();
            repo.publishRoot(repo.signers.get("root"));
        }
        TufUpdater updater = builder().maxRootRotations(2).build();
        MaxRootRotationsException e = assertThrows(MaxRootRotationsException.class, updater::refresh);
        assertTrue(e.getMessage().contains("4.root.json"), e.getMessage());
        assertEquals(3, storedVersion("root"), "the verified rotations are kept");
        assertEquals(4, builder().maxRootRotations(2).build().refresh().rootVersion(), "the next refresh continues");
    }

    @Test
    void expiredFinalRootIsAFreezeAttack() {
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater().refresh());
        assertTrue(e.getMessage().startsWith("root v1 expired"), e.getMessage());
        assertEquals(-1, storedVersion("timestamp"));
    }

    @Test
    void expiredIntermediateRootIsFineWhenTheFinalOneIsNot() {
        repo.nextRoot();
        repo.root.setExpires(Instant.parse("2020-01-01T00:00:00Z"));
        repo.publishRoot(repo.signers.get("root"));
        repo.nextRoot();
        repo.publishRoot(repo.signers.get("root"));
        assertEquals(3, updater().refresh().rootVersion());
    }

    @Test
    void rootOfWrongTypeOrSpecIsRefused() {
        repo.nextRoot();
        repo.root.signed().put("spec_version", "2.0.0");
        repo.publishRoot(repo.signers.get("root"));
        assertThrows(RepositoryMismatchException.class, () -> updater().refresh());
        repo.putRaw("2.root.json", repo.timestamp.toBytes());
        assertThrows(RepositoryMismatchException.class, () -> updater().refresh());
    }

    @Test
    void networkErrorOtherThanNotFoundAborts() {
        repo.fetcher.files.remove(RepoFixture.METADATA_URL + "timestamp.json");
        DownloadException e = assertThrows(DownloadException.class, () -> updater().refresh());
        assertTrue(e.isNotFound());
    }

    @Test
    void newTimestampKeyDeletesTrustedTimestampAndSnapshot() {
        // An attacker with the old timestamp key pushed the client to timestamp v1000 (fast-forward).
        repo.timestamp.setVersion(999);
        repo.publishTimestampOnly(true);
        updater().refresh();
        assertEquals(1000, storedVersion("timestamp"));

        // The owners rotate the timestamp key and restart at a sane version.
        repo.signers.put("timestamp", new ArrayList<>(List.of(TestKeys.ed25519())));
        repo.nextRoot();
        repo.publishRoot(repo.signers.get("root"));
        repo.timestamp.setVersion(5);
        repo.publishTimestampOnly(false);

        RefreshResult result = updater().refresh();
        assertEquals(5, result.timestampVersion());
        assertEquals(5, storedVersion("timestamp"));
    }

    @Test
    void unknownRootFieldsAreKeptVerbatim() {
        repo.nextRoot();
        repo.root.signed().putObject("x-vendor").put("anything", 1);
        byte[] v2 = repo.publishRoot(repo.signers.get("root"));
        updater().refresh();
        assertArrayEquals(v2, stored("root").orElseThrow());
    }
}
