package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.BadHashException;
import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.store.DirectoryTargetStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interrupted target downloads over real HTTP connections: the bytes that arrived are kept beside the targets,
 * the next download asks for the rest ({@code Range}, {@code If-Range}), and nothing but the complete, verified
 * file is ever handed out or stored, whatever the server sends on resume.
 */
class TargetResumeTest extends ClientTestBase {

    private static final String PATH = "bundles/app.jar";
    private static final String TAG = "\"v1\"";
    private static final int LENGTH = 200_000;
    private static final int K = 70_000;

    private RangeServer server;
    private byte[] content;
    private TargetFile target;

    @BeforeEach
    void serve() throws IOException {
        content = new byte[LENGTH];
        new Random(3).nextBytes(content);
        target = repo.addTarget(PATH, content);
        repo.publish();
        server = new RangeServer();
        repo.fetcher.files.forEach((uri, bytes) -> server.files.put(uri.substring("https://repo.test/".length()), bytes));
        server.etags.put("targets/bundles/app.jar", TAG);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private TufUpdater updater(boolean refresh) {
        TufUpdater updater = TufClient.builder().metadataStore(store).targetDir(dir.resolve("targets")).clock(clock)
                .repository(URI.create(server.base() + "metadata/"), URI.create(server.base() + "targets/")).build();
        if (refresh) {
            updater.refresh();
        }
        return updater;
    }

    private Path kept() {
        return dir.resolve("targets/bundles%2Fapp.jar#partial");
    }

    private Path keptTag() {
        return dir.resolve("targets/bundles%2Fapp.jar#etag");
    }

    private void assertNothingKept() {
        assertFalse(Files.exists(kept()), "kept bytes");
        assertFalse(Files.exists(keptTag()), "kept tag");
    }

    private void assertNotStored() {
        assertTrue(new DirectoryTargetStore(dir.resolve("targets")).load(target).isEmpty(), "nothing stored");
    }

    /** The first download breaks after K bytes; those stay, owner-only, with the tag they came with. */
    private TufUpdater interruptAfterK() throws IOException {
        server.next.add(RangeServer.cutAfter(K));
        TufUpdater updater = updater(true);
        assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertEquals(K, Files.size(kept()));
        assertEquals(TAG, Files.readString(keptTag()));
        assertNotStored();
        return updater;
    }

    @Test
    void anInterruptedDownloadResumesWhereItBrokeAndEndsVerified() throws IOException {
        interruptAfterK();
        if (kept().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keptTag())));
        }
        assertArrayEquals(content, updater(true).fetchTarget(PATH));
        assertEquals(new RangeServer.Seen("targets/bundles/app.jar", "bytes=" + K + "-", TAG),
                server.targetRequests.get(1));
        assertNothingKept();
        assertArrayEquals(content, new DirectoryTargetStore(dir.resolve("targets")).load(target).orElseThrow());
    }

    @Test
    void theFirstDownloadAsksForTheWholeFile() {
        assertArrayEquals(content, updater(true).fetchTarget(PATH));
        assertEquals(List.of(new RangeServer.Seen("targets/bundles/app.jar", null, null)), server.targetRequests);
        assertNothingKept();
    }

    @Test
    void aFileSwappedSinceTheInterruptionIsSentWholeAndReplacesTheKeptBytes() throws IOException {
        byte[] old = new byte[LENGTH];
        new Random(4).nextBytes(old);
        server.next.add(RangeServer.otherVersionCutAfter(old, "\"v0\"", K));
        TufUpdater updater = updater(true);
        assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertEquals("\"v0\"", Files.readString(keptTag()));

        assertArrayEquals(content, updater.fetchTarget(PATH));
        assertEquals("\"v0\"", server.targetRequests.get(1).ifRange(), "honest server: If-Range mismatch, 200");
        assertNothingKept();
    }

    @Test
    void aMalicious206WithOtherBytesFailsTheHashCheckAndLeavesNothing() throws IOException {
        TufUpdater updater = interruptAfterK();
        byte[] forged = new byte[LENGTH - K];
        server.next.add(RangeServer.partial("bytes " + K + "-" + (LENGTH - 1) + "/" + LENGTH, forged, TAG));
        assertThrows(BadHashException.class, () -> updater.fetchTarget(PATH));
        assertNothingKept();
        assertNotStored();

        assertArrayEquals(content, updater.fetchTarget(PATH));
        assertNull(server.targetRequests.get(2).range(), "starts over");
    }

    @Test
    void a206ThatDoesNotStartWhereAskedIsRefusedAndTheNextDownloadStartsOver() throws IOException {
        TufUpdater updater = interruptAfterK();
        server.next.add(RangeServer.partial("bytes 0-" + (LENGTH - 1) + "/" + LENGTH, content, TAG));
        DownloadException refused = assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertTrue(refused.getMessage().contains("starts at byte 0"), refused.getMessage());
        assertNothingKept();
        assertNotStored();

        assertArrayEquals(content, updater.fetchTarget(PATH));
        assertNull(server.targetRequests.get(2).range());
    }

    @Test
    void a206OfAnotherVersionIsRefused() throws IOException {
        TufUpdater updater = interruptAfterK();
        server.next.add(RangeServer.partial("bytes " + K + "-" + (LENGTH - 1) + "/" + LENGTH,
                RangeServer.slice(content, K, LENGTH), "\"v2\""));
        assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertNothingKept();
    }

    @Test
    void a206BeyondTheTrustedLengthIsRefusedBeforeAnyByteIsKept() throws IOException {
        TufUpdater updater = interruptAfterK();
        server.next.add(RangeServer.partial("bytes " + K + "-" + LENGTH + "/" + (LENGTH + 1),
                new byte[LENGTH + 1 - K], TAG));
        assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertNothingKept();
    }

    @Test
    void a206BodyLongerThanItsContentRangeIsRefused() throws IOException {
        TufUpdater updater = interruptAfterK();
        byte[] longer = new byte[LENGTH - K + 5000];
        server.next.add(RangeServer.partialUntilClose("bytes " + K + "-" + (LENGTH - 1) + "/" + LENGTH, longer, TAG));
        assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertNothingKept();
        assertNotStored();
    }

    @Test
    void aWholeAnswerLongerThanTheTargetIsRefusedAndNothingKept() throws IOException {
        TufUpdater updater = interruptAfterK();
        byte[] longer = java.util.Arrays.copyOf(content, LENGTH + 1);
        server.next.add(RangeServer.whole(longer, "\"v3\""));
        assertThrows(LengthExceededException.class, () -> updater.fetchTarget(PATH));
        assertNothingKept();
        assertNotStored();
    }

    @Test
    void a416DiscardsTheKeptBytes() throws IOException {
        TufUpdater updater = interruptAfterK();
        server.next.add(RangeServer.status(416, "Content-Range: bytes */" + K));
        DownloadException e = assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertEquals(416, e.httpStatus());
        assertNothingKept();
    }

    @Test
    void aSecondCutKeepsGrowingTheKeptBytes() throws IOException {
        TufUpdater updater = interruptAfterK();
        int more = 50_000;
        server.next.add((request, file, etag, out) -> {
            String head = "HTTP/1.1 206 X\r\nConnection: close\r\nETag: " + etag + "\r\nContent-Range: bytes " + K
                    + "-" + (LENGTH - 1) + "/" + LENGTH + "\r\nContent-Length: " + (LENGTH - K) + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(file, K, more);
        });
        assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertEquals(K + more, Files.size(kept()));
        assertArrayEquals(content, updater.fetchTarget(PATH));
        assertEquals("bytes=" + (K + more) + "-", server.targetRequests.get(2).range());
    }

    @Test
    void keptBytesLongerThanTheTargetAreDiscarded() throws IOException {
        Files.createDirectories(kept().getParent());
        Files.write(kept(), java.util.Arrays.copyOf(content, LENGTH + 10));
        Files.writeString(keptTag(), TAG);
        assertArrayEquals(content, updater(true).fetchTarget(PATH));
        assertNull(server.targetRequests.get(0).range(), "not resumed");
        assertNothingKept();
    }

    @Test
    void keptBytesWithoutATagOrWithAForgedTagAreNotResumed() throws IOException {
        Files.createDirectories(kept().getParent());
        Files.write(kept(), RangeServer.slice(content, 0, K));
        assertArrayEquals(content, updater(true).fetchTarget(PATH));
        assertNull(server.targetRequests.get(0).range(), "no tag");

        Files.delete(dir.resolve("targets/bundles%2Fapp.jar"));
        Files.write(kept(), RangeServer.slice(content, 0, K));
        Files.writeString(keptTag(), "\"v1\"\r\nX-Injected: yes");
        assertArrayEquals(content, updater(false).fetchTarget(PATH));
        assertEquals(2, server.targetRequests.size());
        assertNull(server.targetRequests.get(1).range(), "a tag that is no entity tag is never sent");
        assertNothingKept();
    }

    @Test
    void wholeKeptBytesFromACrashBeforeTheCheckAreVerifiedWithoutAFetch() throws IOException {
        Files.createDirectories(kept().getParent());
        Files.write(kept(), content);
        Files.writeString(keptTag(), TAG);
        assertArrayEquals(content, updater(true).fetchTarget(PATH));
        assertEquals(List.of(), server.targetRequests);
        assertNothingKept();

        byte[] wrong = content.clone();
        wrong[7] ^= 1;
        Files.delete(dir.resolve("targets/bundles%2Fapp.jar"));
        Files.write(kept(), wrong);
        Files.writeString(keptTag(), TAG);
        assertArrayEquals(content, updater(false).fetchTarget(PATH));
        assertNull(server.targetRequests.get(0).range(), "whole but wrong: discarded, fetched from the start");
    }

    @Test
    void aFetcherWithoutRangesStillDownloadsAndDropsKeptBytes() throws IOException {
        Files.createDirectories(kept().getParent());
        Files.write(kept(), RangeServer.slice(content, 0, K));
        Files.writeString(keptTag(), TAG);
        TufUpdater updater = builder().build(); // the in-memory fetcher: no fetchRange of its own
        updater.refresh();
        assertArrayEquals(content, updater.fetchTarget(PATH));
        assertNothingKept();
    }

    @Test
    void aWholeAnswerThatEndsCleanlyButShortFailsTheLengthCheckAndKeepsNothing() {
        server.next.add(RangeServer.whole(RangeServer.slice(content, 0, K), TAG));
        TufUpdater updater = updater(true);
        assertThrows(BadHashException.class, () -> updater.fetchTarget(PATH));
        assertNothingKept();
        assertNotStored();
    }

    @Test
    void aBrokenTransferWithoutAnEntityTagKeepsNothing() {
        server.etags.clear();
        server.next.add(RangeServer.cutAfter(K));
        TufUpdater updater = updater(true);
        assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH));
        assertNothingKept();
        assertArrayEquals(content, updater.fetchTarget(PATH));
        assertNull(server.targetRequests.get(1).range());
    }

    @Test
    void aServerErrorOnResumeKeepsTheBytesForTheNextTry() throws IOException {
        TufUpdater updater = interruptAfterK();
        server.next.add(RangeServer.status(503, "Retry-After: 1"));
        assertEquals(503, assertThrows(DownloadException.class, () -> updater.fetchTarget(PATH)).httpStatus());
        assertEquals(K, Files.size(kept()));
        assertArrayEquals(content, updater.fetchTarget(PATH));
        assertEquals("bytes=" + K + "-", server.targetRequests.get(2).range());
    }

    @Test
    void aTargetNameTooLongForTheKeptFilesIsDownloadedWithoutThem() throws IOException {
        String longPath = "bundles/" + "x".repeat(205) + ".jar";
        repo.addTarget(longPath, content);
        repo.publish();
        repo.fetcher.files.forEach((uri, bytes) -> server.files.put(uri.substring("https://repo.test/".length()), bytes));
        server.etags.put("targets/" + longPath, TAG);
        server.next.add(RangeServer.cutAfter(K));
        TufUpdater updater = updater(true);
        assertThrows(DownloadException.class, () -> updater.fetchTarget(longPath));
        if (Files.exists(dir.resolve("targets"))) {
            try (var listing = Files.list(dir.resolve("targets"))) {
                assertEquals(List.of(), listing.toList(), "nothing kept, nothing half-written");
            }
        }
        assertArrayEquals(content, updater.fetchTarget(longPath));
        assertNull(server.targetRequests.get(1).range());
    }
}
