package io.patchbay.tuf.impl.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.UntrustedLocationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default fetcher against a real loopback HTTPS server. */
class HttpFetcherTest {

    private static TestCertificates.Identity identity;
    private static LoopbackServer server;
    private static final HttpFetcher FETCHER = HttpFetcher.builder()
            .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        identity = TestCertificates.selfSigned("repo");
        server = new LoopbackServer(identity);
        server.files.put("metadata/timestamp.json", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static FetchRequest pinned(String path, long max, List<String> pins) {
        return new FetchRequest(URI.create(server.httpsBase() + path), max, true, pins);
    }

    @Test
    void theDeadlineThreadEndsWhenIdleSoAnEmbeddingBundlesOldRevisionLeavesNoThread() {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = Deadlines.TIMER;
        assertTrue(timer.allowsCoreThreadTimeOut());
        assertTrue(timer.getKeepAliveTime(java.util.concurrent.TimeUnit.SECONDS) <= 60);
    }

    @Test
    void pinnedServerKeyIsAccepted() {
        byte[] body = FETCHER.fetch(pinned("metadata/timestamp.json", 100, List.of(identity.pin())));
        assertArrayEquals("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), body);
    }

    @Test
    void otherServerKeyIsRefused() throws Exception {
        String otherPin = TestCertificates.selfSigned("impostor").pin();
        DownloadException e = assertThrows(DownloadException.class,
                () -> FETCHER.fetch(pinned("metadata/timestamp.json", 100, List.of(otherPin))));
        assertEquals(DownloadException.NO_STATUS, e.httpStatus());
    }

    /** Issue 6 item 10: pins mean https only; a plain-http request to a pinned location never connects. */
    @Test
    void pinnedRequestOverPlainHttpFailsBeforeConnecting() {
        int before = server.requests.get();
        UntrustedLocationException e = assertThrows(UntrustedLocationException.class, () -> FETCHER.fetch(
                new FetchRequest(URI.create(server.httpBase() + "metadata/timestamp.json"), 100, true, List.of(identity.pin()))));
        assertTrue(e.getMessage().contains("https"), e.getMessage());
        assertEquals(before, server.requests.get(), "the server saw a request");
    }

    @Test
    void httpsWithoutPinsFailsBeforeConnecting() {
        assertThrows(UntrustedLocationException.class,
                () -> FETCHER.fetch(pinned("metadata/timestamp.json", 100, List.of())));
    }

    @Test
    void unpinnedRequestsUseTheSystemTrustStore() {
        // The self-signed test certificate is in no trust store.
        assertThrows(DownloadException.class, () -> FETCHER.fetch(
                FetchRequest.unpinned(URI.create(server.httpsBase() + "metadata/timestamp.json"), 100)));
    }

    @Test
    void notFoundIsReportedAsSuch() {
        DownloadException e = assertThrows(DownloadException.class,
                () -> FETCHER.fetch(FetchRequest.unpinned(URI.create(server.httpBase() + "metadata/2.root.json"), 100)));
        assertEquals(404, e.httpStatus());
        assertTrue(e.isNotFound());
    }

    @Test
    void endlessDataStopsAtTheBound() {
        long started = System.nanoTime();
        LengthExceededException e = assertThrows(LengthExceededException.class,
                () -> FETCHER.fetch(pinned("endless", 100_000, List.of(identity.pin()))));
        assertTrue(e.getMessage().contains("100000"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "stopped early");
    }

    @Test
    void declaredLengthAboveTheBoundIsRefusedUpFront() {
        assertThrows(LengthExceededException.class,
                () -> FETCHER.fetch(FetchRequest.unpinned(URI.create(server.httpBase() + "lying-length"), 1000)));
    }

    @Test
    void slowRetrievalTimesOut() {
        HttpFetcher impatient = HttpFetcher.builder().requestTimeout(Duration.ofMillis(400)).build();
        DownloadException e = assertThrows(DownloadException.class,
                () -> impatient.fetch(FetchRequest.unpinned(URI.create(server.httpBase() + "slow"), 1000)));
        assertTrue(e.getMessage().contains("did not complete"), e.getMessage());
    }

    /** Issue 6: a refresh's requests share one persistent connection (each new one cost a TCP connect, or a TLS handshake). */
    @Test
    void requestsReuseAPersistentConnection() {
        for (String base : new String[] {server.httpBase(), server.httpsBase()}) {
            boolean tls = base.startsWith("https");
            fetchTwice(tls ? pinned("metadata/timestamp.json", 100, List.of(identity.pin()))
                    : FetchRequest.unpinned(URI.create(base + "metadata/timestamp.json"), 100));
            int before = server.connections.get();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), FETCHER.fetch(tls
                        ? pinned("metadata/timestamp.json", 100, List.of(identity.pin()))
                        : FetchRequest.unpinned(URI.create(base + "metadata/timestamp.json"), 100)));
                // A drained 404 leaves the connection reusable too.
                DownloadException missing = assertThrows(DownloadException.class, () -> FETCHER.fetch(tls
                        ? pinned("metadata/missing.json", 100, List.of(identity.pin()))
                        : FetchRequest.unpinned(URI.create(base + "metadata/missing.json"), 100)));
                assertEquals(404, missing.httpStatus());
            }
            assertEquals(before, server.connections.get(), "six requests over " + base + " opened new connections");
        }
    }

    private static void fetchTwice(FetchRequest request) {
        FETCHER.fetch(request);
        FETCHER.fetch(request);
    }

    /** A connection made under one pin set is never reused by a request pinned to another set. */
    @Test
    void otherPinsNeverReuseAPinnedConnection() throws Exception {
        FETCHER.fetch(pinned("metadata/timestamp.json", 100, List.of(identity.pin())));
        String otherPin = TestCertificates.selfSigned("impostor").pin();
        DownloadException e = assertThrows(DownloadException.class,
                () -> FETCHER.fetch(pinned("metadata/timestamp.json", 100, List.of(otherPin))));
        assertEquals(DownloadException.NO_STATUS, e.httpStatus(), "a handshake against the other pins must fail");
        // Both pins together is yet another set: it handshakes anew (and the server's key is among them).
        int before = server.connections.get();
        FETCHER.fetch(pinned("metadata/timestamp.json", 100, List.of(otherPin, identity.pin())));
        assertEquals(before + 1, server.connections.get());
    }

    /** After an over-long answer the connection is dropped, and the next request works on a new one. */
    @Test
    void aRefusedBodyDoesNotPoisonTheNextRequest() {
        assertThrows(LengthExceededException.class,
                () -> FETCHER.fetch(pinned("metadata/timestamp.json", 5, List.of(identity.pin()))));
        assertArrayEquals("{\"hello\":1}".getBytes(StandardCharsets.UTF_8),
                FETCHER.fetch(pinned("metadata/timestamp.json", 100, List.of(identity.pin()))));
    }

    @Test
    void pinnedClientsSpeakOnlyTls13() throws Exception {
        try (LoopbackServer tls12 = new LoopbackServer(identity, "TLSv1.2")) {
            tls12.files.put("x", new byte[] {1});
            assertThrows(DownloadException.class, () -> FETCHER.fetch(
                    new FetchRequest(URI.create(tls12.httpsBase() + "x"), 10, true, List.of(identity.pin()))));
        }
    }

    /** Collects what a ranged fetch hands over. */
    private static final class Collected implements io.patchbay.tuf.api.FetchSink {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final List<Long> starts = new java.util.ArrayList<>();

        @Override
        public void start(long offset, String etag) {
            starts.add(offset);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
        }
    }

    @Test
    void aServerWithoutRangesAnswersAResumeWithTheWholeFileFromZero() {
        Collected sink = new Collected();
        FETCHER.fetchRange(pinned("metadata/timestamp.json", 100, List.of(identity.pin())), 5, "\"t\"", sink);
        assertEquals(List.of(0L), sink.starts);
        assertArrayEquals("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), sink.bytes.toByteArray());
    }

    @Test
    void aRangedFetchStopsEndlessDataAtTheBound() {
        Collected sink = new Collected();
        assertThrows(io.patchbay.tuf.api.LengthExceededException.class,
                () -> FETCHER.fetchRange(pinned("endless", 1_000_000, List.of(identity.pin())), 10, null, sink));
        assertTrue(sink.bytes.size() <= 1_000_000, "never more than the bound passed on");
    }

    @Test
    void aRangedFetchRefusesOffsetsOutsideTheFileAndMalformedTags() {
        FetchRequest request = pinned("metadata/timestamp.json", 100, List.of(identity.pin()));
        assertThrows(IllegalArgumentException.class, () -> FETCHER.fetchRange(request, 101, null, new Collected()));
        assertThrows(IllegalArgumentException.class, () -> FETCHER.fetchRange(request, -1, null, new Collected()));
        assertThrows(IllegalArgumentException.class,
                () -> FETCHER.fetchRange(request, 5, "\"t\"\r\nX-Injected: 1", new Collected()));
    }
}
