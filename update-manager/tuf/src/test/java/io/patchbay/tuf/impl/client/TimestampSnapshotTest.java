package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.BadHashException;
import io.patchbay.tuf.api.BadVersionException;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.RepositoryMismatchException;
import io.patchbay.tuf.api.RollbackAttackException;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.testing.TestKeys;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampSnapshotTest extends ClientTestBase {

    @Test
    void timestampSignedByWrongKeyIsRefusedAndNothingIsStored() {
        RepoFixture.sign(repo.timestamp, List.of(TestKeys.ed25519()));
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.timestamp.toBytes());
        assertThrows(SignatureThresholdException.class, () -> updater().refresh());
        assertTrue(stored("timestamp").isEmpty());
    }

    @Test
    void timestampVersionRollbackIsRefusedAndTrustedOneKept() {
        updater().refresh();
        repo.publish();
        updater().refresh();
        byte[] trusted = stored("timestamp").orElseThrow();
        repo.timestamp.setVersion(1);
        repo.publishTimestampOnly(false);
        RollbackAttackException e = assertThrows(RollbackAttackException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("from 2 to 1"), e.getMessage());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow());
    }

    @Test
    void equalTimestampVersionKeepsTheTrustedOne() {
        updater().refresh();
        byte[] trusted = stored("timestamp").orElseThrow();
        // Same version, different content (re-signed with an extra field): the trusted one stays.
        repo.timestamp.signed().put("x-note", "same version");
        repo.publishTimestampOnly(false);
        assertFalse(updater().refresh().changed());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow());
    }

    @Test
    void timestampNamingAnOlderSnapshotIsARollback() {
        updater().refresh();
        repo.publish();
        updater().refresh();
        repo.snapshot.setVersion(1);
        repo.publishSnapshotOnly(false);
        repo.publishTimestampOnly(true);
        RollbackAttackException e = assertThrows(RollbackAttackException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("snapshot version 1"), e.getMessage());
    }

    @Test
    void expiredTimestampIsRefused() {
        repo.timestamp.setExpires(NOW.minusSeconds(1));
        repo.publishTimestampOnly(false);
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater().refresh());
        assertTrue(e.getMessage().startsWith("timestamp v1 expired at"), e.getMessage());
        assertTrue(stored("timestamp").isEmpty());
    }

    @Test
    void expiryIsMeasuredAtTheUpdateStartTime() {
        updater().refresh();
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        assertThrows(ExpiredMetadataException.class, () -> updater().refresh());
    }

    @Test
    void timestampOfWrongTypeOrMalformedIsRefused() {
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.snapshot.toBytes());
        assertThrows(RepositoryMismatchException.class, () -> updater().refresh());
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", "{".getBytes());
        assertThrows(MalformedMetadataException.class, () -> updater().refresh());
    }

    @Test
    void oversizedTimestampIsRefused() {
        repo.timestamp.signed().put("padding", "x".repeat(20_000));
        repo.publishTimestampOnly(false);
        assertThrows(LengthExceededException.class, () -> updater().refresh());
        assertEquals(16_384, repo.fetcher.requests.get(repo.fetcher.requests.size() - 1).maxBytes());
    }

    @Test
    void snapshotNotMatchingTimestampHashIsRefused() {
        repo.snapshot.setExpires(Instant.parse("2029-01-01T00:00:00Z")); // same length, other bytes
        RepoFixture.sign(repo.snapshot, repo.signers.get("snapshot"));
        repo.putMetadata("snapshot", repo.snapshot);
        BadHashException e = assertThrows(BadHashException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("snapshot.json"), e.getMessage());
        assertTrue(stored("snapshot").isEmpty());
    }

    @Test
    void snapshotDownloadIsBoundedByTheLengthTimestampLists() {
        updater().refresh();
        repo.snapshot.signed().put("padding", "x".repeat(100));
        RepoFixture.sign(repo.snapshot, repo.signers.get("snapshot"));
        repo.publishTimestampOnly(true);
        long listed = repo.snapshot.toBytes().length;
        repo.snapshot.signed().put("padding", "x".repeat(5000));
        RepoFixture.sign(repo.snapshot, repo.signers.get("snapshot"));
        repo.putMetadata("snapshot", repo.snapshot);
        assertThrows(LengthExceededException.class, () -> updater().refresh());
        assertEquals(listed, repo.fetcher.requests.get(repo.fetcher.requests.size() - 1).maxBytes());
    }

    @Test
    void snapshotVersionMustMatchTimestamp() {
        repo.snapshotHashesInTimestamp = false;
        repo.snapshot.setVersion(7);
        repo.publishSnapshotOnly(false);
        repo.publishTimestampOnly(false);
        repo.timestamp.signed().with("meta").with("snapshot.json").put("version", 6);
        RepoFixture.sign(repo.timestamp, repo.signers.get("timestamp"));
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.timestamp.toBytes());
        BadVersionException e = assertThrows(BadVersionException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("names v6") && e.getMessage().contains("has version 7"), e.getMessage());
    }

    @Test
    void snapshotSignedByWrongKeyIsRefused() {
        RepoFixture.sign(repo.snapshot, repo.signers.get("timestamp"));
        repo.putMetadata("snapshot", repo.snapshot);
        repo.publishTimestampOnly(false);
        assertThrows(SignatureThresholdException.class, () -> updater().refresh());
    }

    @Test
    void snapshotLoweringATargetsVersionIsARollback() {
        repo.publish();
        updater().refresh();
        assertEquals(2, storedVersion("targets"));
        repo.targets.setVersion(1);
        repo.publishTargetsOnly();
        repo.publishSnapshotOnly(true);
        repo.publishTimestampOnly(true);
        RollbackAttackException e = assertThrows(RollbackAttackException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("targets.json version 1, lower than trusted 2"), e.getMessage());
        assertEquals(2, storedVersion("snapshot"));
    }

    @Test
    void snapshotDroppingARoleIsARollback() {
        repo.delegate(repo.targets, "extra", List.of("extra/*"), false);
        repo.publish();
        updater().refresh();
        repo.delegated.clear();
        repo.publishSnapshotOnly(true);
        repo.publishTimestampOnly(true);
        RollbackAttackException e = assertThrows(RollbackAttackException.class, () -> updater().refresh());
        assertTrue(e.getMessage().contains("no longer lists extra.json"), e.getMessage());
    }

    @Test
    void expiredSnapshotIsRefused() {
        repo.snapshot.setExpires(NOW);
        repo.publishSnapshotOnly(false);
        repo.publishTimestampOnly(false);
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater().refresh());
        assertTrue(e.getMessage().startsWith("snapshot v1"), e.getMessage());
        assertTrue(stored("snapshot").isEmpty());
    }

    @Test
    void tamperedLocalSnapshotIsReplacedByADownload() {
        updater().refresh();
        store.store("snapshot", "garbage".getBytes());
        assertEquals(1, updater().refresh().snapshotVersion());
        assertEquals(1, storedVersion("snapshot"));
    }
}
