package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shortcut in {@link TrustedMetadataSet#updateTimestamp} that skips re-verifying a downloaded timestamp
 * byte-identical to the local one: it must give exactly the outcome of the full 5.4 checks, with one
 * long-lived updater refreshing several times.
 */
class TimestampShortcutTest extends ClientTestBase {

    private TufUpdater updater;
    private byte[] trusted;

    @BeforeEach
    void firstRefresh() {
        updater = updater();
        assertTrue(updater.refresh().changed());
        trusted = stored("timestamp").orElseThrow();
    }

    @Test
    void identicalTimestampIsKeptUnchangedAndANewOneStillReplacesIt() {
        assertArrayEquals(trusted, remoteTimestamp());
        RefreshResult again = updater.refresh();
        assertFalse(again.changed());
        assertEquals(1, again.timestampVersion());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow());

        repo.publish();
        RefreshResult next = updater.refresh();
        assertTrue(next.changed());
        assertEquals(2, next.timestampVersion());
        assertEquals(2, next.snapshotVersion());
        assertArrayEquals(remoteTimestamp(), stored("timestamp").orElseThrow());
        assertFalse(updater.refresh().changed(), "the new timestamp is now the identical local one");
    }

    @Test
    void sameVersionValidlyResignedKeepsTheTrustedOne() {
        repo.timestamp.signed().put("x-note", "same version, other bytes");
        repo.publishTimestampOnly(false);
        assertFalse(Arrays.equals(trusted, remoteTimestamp()));

        RefreshResult result = updater.refresh();
        assertFalse(result.changed());
        assertEquals(1, result.timestampVersion());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow());
    }

    @Test
    void sameVersionSignedByAnUnknownKeyIsRefused() {
        RepoFixture.sign(repo.timestamp, List.of(TestKeys.ed25519()));
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.timestamp.toBytes());

        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow());
    }

    @Test
    void sameVersionWithAlteredSignatureIsRefused() {
        Metadata edited = Metadata.parse(trusted);
        ObjectNode signature = (ObjectNode) edited.envelope().get("signatures").get(0);
        String sig = signature.get("sig").asText();
        signature.put("sig", (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", edited.toBytes());

        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow());
    }

    @Test
    void sameVersionWithEditedContentAndTheOldSignatureIsRefused() {
        Metadata edited = Metadata.parse(trusted);
        edited.signed().put("x-note", "edited after signing");
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", edited.toBytes());

        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow());
    }

    @Test
    void identicalButExpiredTimestampIsRefused() {
        Instant expiry = NOW.plus(Duration.ofHours(1));
        repo.timestamp.setExpires(expiry);
        repo.publishTimestampOnly(true);
        assertTrue(updater.refresh().changed());
        byte[] current = stored("timestamp").orElseThrow();
        assertArrayEquals(current, remoteTimestamp());

        clock.set(expiry);
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater.refresh());
        assertTrue(e.getMessage().startsWith("timestamp v2 expired at"), e.getMessage());
        assertArrayEquals(current, stored("timestamp").orElseThrow());
        assertThrows(ExpiredMetadataException.class, () -> updater.findTarget("anything"),
                "a lookup after the failed refresh refreshes again and fails the same way");
    }

    @Test
    void identicalTimestampIsRefusedWhenTheNewRootRaisesItsThreshold() {
        // Same timestamp key, so 5.3.11 keeps the local timestamp; it no longer verifies under root v2.
        repo.nextRoot();
        ((ObjectNode) repo.root.signed().get("roles").get("timestamp")).put("threshold", 2);
        repo.publishRoot(repo.signers.get("root"));
        assertArrayEquals(trusted, remoteTimestamp());

        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertArrayEquals(trusted, stored("timestamp").orElseThrow(), "local timestamp kept (keys unchanged)");
        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
    }

    @Test
    void identicalTimestampIsRefusedWhenTheNewRootReplacesItsKey() {
        List<TestSigner> fresh = new ArrayList<>(List.of(TestKeys.ed25519()));
        repo.signers.put("timestamp", fresh);
        repo.nextRoot();
        repo.publishRoot(repo.signers.get("root"));
        assertArrayEquals(trusted, remoteTimestamp());

        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertEquals(2, storedVersion("root"));
        repo.publishTimestampOnly(false);
        assertEquals(1, updater.refresh().timestampVersion(), "signed by the new key, the same version is trusted again");
    }

    @Test
    void theShortcutItselfChecksExpiryAtTheTimestampStep() {
        // 5.4.4 on the trusted set directly: the refusal must not depend on the later snapshot step.
        Instant expiry = NOW.plus(Duration.ofHours(1));
        repo.timestamp.setExpires(expiry);
        repo.publishTimestampOnly(true);
        byte[] timestamp = remoteTimestamp();

        TrustedMetadataSet beforeExpiry = new TrustedMetadataSet(repo.rootBytes(), NOW, new VerifiedRoles());
        beforeExpiry.loadLocalTimestamp(timestamp);
        assertFalse(beforeExpiry.updateTimestamp(timestamp.clone()));
        assertEquals(2, beforeExpiry.timestamp().orElseThrow().version());

        TrustedMetadataSet atExpiry = new TrustedMetadataSet(repo.rootBytes(), expiry, new VerifiedRoles());
        atExpiry.loadLocalTimestamp(timestamp);
        assertThrows(ExpiredMetadataException.class, () -> atExpiry.updateTimestamp(timestamp.clone()));
    }

    private byte[] remoteTimestamp() {
        return repo.fetcher.files.get(RepoFixture.METADATA_URL + "timestamp.json");
    }
}
