package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conditional fetch of timestamp.json: the entity tag of the verified, stored timestamp is sent with the
 * next fetch, and "not modified" makes the updater verify the stored bytes again (5.4, expiry included),
 * never trust anything less.
 */
class ConditionalTimestampTest extends ClientTestBase {

    private EtagFetcher server;

    @BeforeEach
    void conditionalServer() {
        server = new EtagFetcher(repo.fetcher);
    }

    @Override
    TufUpdater updater() {
        return builder().fetcher(server).build();
    }

    private String remoteEtag() {
        return server.etagOf.apply(remoteTimestamp());
    }

    @Test
    void notModifiedGivesTheOutcomeOfAFullFetch() {
        TufUpdater updater = updater();
        assertTrue(updater.refresh().changed());
        assertNull(server.lastSent(), "nothing stored yet: unconditional");
        assertEquals(remoteEtag(), server.etagOf.apply(stored("timestamp").orElseThrow()));
        assertTrue(Files.exists(store.fetchNoteOf("timestamp")));

        RefreshResult conditional = updater.refresh();
        assertEquals(remoteEtag(), server.lastSent());
        assertFalse(conditional.changed());
        // A fresh updater (a new process) sends it too, from the note beside timestamp.json.
        RefreshResult fresh = updater().refresh();
        assertEquals(remoteEtag(), server.lastSent());
        RefreshResult full = builder().build().refresh(); // the plain MemoryFetcher: whole body, no tag
        assertEquals(full, conditional);
        assertEquals(full, fresh);
        assertFalse(Files.exists(store.fetchNoteOf("timestamp")), "a body without a tag forgets the note");
        updater.refresh();
        assertNull(server.lastSent());
        updater.refresh();
        assertEquals(remoteEtag(), server.lastSent());

        repo.publish();
        RefreshResult next = updater.refresh();
        assertTrue(next.changed());
        assertEquals(2, next.timestampVersion());
        assertArrayEquals(remoteTimestamp(), stored("timestamp").orElseThrow());
        updater.refresh();
        assertEquals(remoteEtag(), server.lastSent(), "the new timestamp's tag replaced the old one");
        for (String[] request : server.conditional) {
            assertEquals("/metadata/timestamp.json", request[0], "only timestamp.json is fetched conditionally");
        }
    }

    @Test
    void notModifiedForAnExpiredStoredTimestampFailsAsExpired() {
        Instant expiry = NOW.plus(Duration.ofHours(1));
        repo.timestamp.setExpires(expiry);
        repo.publishTimestampOnly(true);
        TufUpdater updater = updater();
        updater.refresh();
        byte[] current = stored("timestamp").orElseThrow();

        clock.set(expiry);
        ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, () -> updater.refresh());
        assertTrue(e.getMessage().startsWith("timestamp v2 expired at"), e.getMessage());
        int n = server.conditional.size();
        assertEquals(remoteEtag(), server.conditional.get(n - 2)[1], "the server said: not modified");
        assertNull(server.lastSent(), "then the full file was fetched, and it is the same expired one");
        assertArrayEquals(current, stored("timestamp").orElseThrow());
        assertThrows(ExpiredMetadataException.class, () -> updater().refresh(), "and again from a new process");

        server.alwaysNotModified = true; // someone answering 304 to everything gets no further
        assertEquals(304, assertThrows(DownloadException.class, () -> updater.refresh()).httpStatus());
    }

    /**
     * nginx tags a file by mtime and length: a newer timestamp.json written in the same second with the same
     * length keeps the tag, and the client is told 304. It keeps its stored (verified, unexpired) timestamp
     * until the tag changes; once that copy expires, the full fetch finds the newer one.
     */
    @Test
    void aTagThatHidesANewerFileCostsFreshnessNeverTrust() {
        server.etagOf = body -> "\"5f0a1b2c-1a4\"";
        Instant expiry = NOW.plus(Duration.ofHours(1));
        repo.timestamp.setExpires(expiry);
        repo.publishTimestampOnly(true);
        TufUpdater updater = updater();
        assertEquals(2, updater.refresh().timestampVersion());

        repo.timestamp.setExpires(NOW.plus(Duration.ofDays(1)));
        repo.publish();
        assertEquals(2, updater.refresh().timestampVersion(), "304: the stored v2 is still valid");
        clock.set(expiry);
        RefreshResult result = updater.refresh();
        assertEquals(3, result.timestampVersion(), "the stored v2 expired: fetched in full, v3 found");
        assertTrue(result.changed());
        assertArrayEquals(remoteTimestamp(), stored("timestamp").orElseThrow());
    }

    @Test
    void notModifiedWithoutASentTagIsATransportFailure() {
        server.alwaysNotModified = true;
        DownloadException e = assertThrows(DownloadException.class, () -> updater().refresh());
        assertEquals(304, e.httpStatus());
        assertTrue(stored("timestamp").isEmpty());
        assertFalse(Files.exists(store.fetchNoteOf("timestamp")));
    }

    @Test
    void aTimestampThatFailsVerificationNeverHasItsTagStoredOrSent() {
        TufUpdater updater = updater();
        updater.refresh();
        String good = remoteEtag();
        Metadata forged = Metadata.parse(remoteTimestamp());
        forged.signed().put("version", 7);
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", forged.toBytes());
        String forgedTag = remoteEtag();

        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertEquals(good, server.lastSent(), "still the tag of the stored, verified timestamp");
        server.alwaysNotModified = true; // an attacker answering 304 gets the stored bytes verified again
        assertEquals(1, updater.refresh().timestampVersion());
        for (String[] request : server.conditional) {
            assertFalse(forgedTag.equals(request[1]));
        }
    }

    @Test
    void aFirstTimestampThatFailsLeavesNoTag() {
        RepoFixture.sign(repo.timestamp, List.of(TestKeys.ed25519()));
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.timestamp.toBytes());
        assertThrows(SignatureThresholdException.class, () -> updater().refresh());
        assertFalse(Files.exists(store.fetchNoteOf("timestamp")));
        assertThrows(SignatureThresholdException.class, () -> updater().refresh());
        assertNull(server.lastSent());
    }

    @Test
    void aServerThatIgnoresIfNoneMatchStillWorks() {
        server.ignoreIfNoneMatch = true;
        TufUpdater updater = updater();
        updater.refresh();
        assertFalse(updater.refresh().changed());
        assertEquals(remoteEtag(), server.lastSent());
        repo.publish();
        assertEquals(2, updater.refresh().timestampVersion());
    }

    @Test
    void aServerWithoutTagsIsFetchedUnconditionally() {
        server.etagOf = body -> null;
        TufUpdater updater = updater();
        updater.refresh();
        updater.refresh();
        assertNull(server.lastSent());
        assertFalse(Files.exists(store.fetchNoteOf("timestamp")));
    }

    @Test
    void malformedTagsAreIgnored() {
        List<String> bad = List.of("unquoted", "\"with space\"", "\"a\r\nX-Injected: 1\"", "\"é\"", "\"\"\"",
                "\"" + "a".repeat(255) + "\"", "W/unquoted", "");
        for (String tag : bad) {
            server.etagOf = body -> tag;
            TufUpdater updater = updater();
            updater.refresh();
            updater.refresh();
            assertNull(server.lastSent(), tag);
            assertFalse(Files.exists(store.fetchNoteOf("timestamp")), tag);
        }
        server.etagOf = body -> "W/\"" + "a".repeat(252) + "\""; // 256 characters, weak: kept
        updater().refresh();
        updater().refresh();
        assertEquals(256, server.lastSent().length());
    }

    @Test
    void aTagServedWithOtherBytesOfTheSameVersionIsNotStored() {
        TufUpdater updater = updater();
        updater.refresh();
        String original = remoteEtag();
        repo.timestamp.signed().put("x-note", "same version, other bytes");
        repo.publishTimestampOnly(false);
        assertFalse(updater.refresh().changed(), "the trusted timestamp is kept");
        updater.refresh();
        assertEquals(original, server.lastSent(), "the tag of the other bytes was not taken for the kept ones");
    }

    @Test
    void aNoteThatNoLongerMatchesTheStoredTimestampIsNotSent() throws Exception {
        TufUpdater updater = updater();
        updater.refresh();
        String note = store.loadFetchNote("timestamp").orElseThrow();
        store.storeFetchNote("timestamp", "0".repeat(64) + note.substring(64));
        updater.refresh();
        assertNull(server.lastSent());
        assertEquals(note, store.loadFetchNote("timestamp").orElseThrow(), "a full fetch stored it again");

        store.storeFetchNote("timestamp", note.substring(0, 65) + "not-quoted");
        updater.refresh();
        assertNull(server.lastSent());
        Files.write(store.fetchNoteOf("timestamp"), new byte[2000]);
        updater.refresh();
        assertNull(server.lastSent());
    }

    @Test
    void aStoredTimestampThatNoLongerVerifiesIsNotSentConditionally() {
        TufUpdater updater = updater();
        updater.refresh();
        repo.nextRoot();
        ((ObjectNode) repo.root.signed().get("roles").get("timestamp")).put("threshold", 2);
        repo.publishRoot(repo.signers.get("root"));
        int before = server.conditional.size();
        assertThrows(SignatureThresholdException.class, () -> updater.refresh());
        assertNull(server.lastSent(), "the local timestamp failed under root v2: no tag");
        assertEquals(before + 1, server.conditional.size());
    }

    @Test
    void aTimestampKeyRotationForgetsTheTag() {
        TufUpdater updater = updater();
        updater.refresh();
        List<TestSigner> fresh = new ArrayList<>(List.of(TestKeys.ed25519()));
        repo.signers.put("timestamp", fresh);
        repo.nextRoot();
        repo.publishRoot(repo.signers.get("root"));
        repo.publishTimestampOnly(true);
        assertEquals(2, updater.refresh().rootVersion());
        assertNull(server.lastSent());
        updater.refresh();
        assertEquals(remoteEtag(), server.lastSent());
    }

    private byte[] remoteTimestamp() {
        return repo.fetcher.files.get(RepoFixture.METADATA_URL + "timestamp.json");
    }
}
