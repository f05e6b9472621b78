package io.patchbay.tuf.impl.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.FetchResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link HttpFetcher#fetchConditional} against a real loopback HTTPS server. */
class ConditionalFetchTest {

    private static final byte[] BODY = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
    private static final String TAG = "\"3f-a1b2\"";
    private static TestCertificates.Identity identity;
    private static LoopbackServer server;
    private static final HttpFetcher FETCHER = HttpFetcher.builder()
            .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        identity = TestCertificates.selfSigned("repo");
        server = new LoopbackServer(identity);
        for (String name : List.of("tagged", "two-tags", "long-tag", "spaced-tag", "untagged", "always-304")) {
            server.files.put(name, BODY);
        }
        server.etags.put("tagged", List.of(TAG));
        server.etags.put("two-tags", List.of(TAG, "\"other\""));
        server.etags.put("long-tag", List.of("\"" + "x".repeat(300) + "\""));
        server.etags.put("spaced-tag", List.of("\"a b\""));
        server.alwaysNotModified.add("always-304");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static FetchRequest request(String path) {
        return new FetchRequest(URI.create(server.httpsBase() + path), 100, true, List.of(identity.pin()));
    }

    @Test
    void theBodyComesWithItsTagAndTheTagGetsNotModifiedOverTheSameConnection() {
        FetchResponse full = FETCHER.fetchConditional(request("tagged"), null);
        assertArrayEquals(BODY, full.body());
        assertEquals(TAG, full.etag());
        assertNull(server.lastIfNoneMatch);

        int connections = server.connections.get();
        for (int i = 0; i < 3; i++) {
            FetchResponse again = FETCHER.fetchConditional(request("tagged"), TAG);
            assertTrue(again.isNotModified());
            assertEquals(TAG, server.lastIfNoneMatch);
        }
        assertArrayEquals(BODY, FETCHER.fetchConditional(request("tagged"), "\"stale\"").body());
        assertEquals(connections, server.connections.get(), "304 answers kept the connection alive");
    }

    @Test
    void notModifiedToAnUnconditionalRequestIsAnHttpFailure() {
        DownloadException conditional = assertThrows(DownloadException.class,
                () -> FETCHER.fetchConditional(request("always-304"), null));
        assertEquals(304, conditional.httpStatus());
        DownloadException plain = assertThrows(DownloadException.class, () -> FETCHER.fetch(request("always-304")));
        assertEquals(304, plain.httpStatus());
        assertFalse(plain.isNotFound());
    }

    @Test
    void malformedOrRepeatedTagHeadersAreIgnored() {
        for (String path : List.of("two-tags", "long-tag", "spaced-tag", "untagged")) {
            FetchResponse response = FETCHER.fetchConditional(request(path), null);
            assertArrayEquals(BODY, response.body(), path);
            assertNull(response.etag(), path);
        }
    }

    @Test
    void aMalformedTagIsNeverSent() {
        assertThrows(IllegalArgumentException.class,
                () -> FETCHER.fetchConditional(request("tagged"), "\"a\"\r\nX-Injected: 1"));
    }

    @Test
    void wellFormedTags() {
        for (String ok : List.of("\"\"", "\"abc\"", "W/\"abc\"", "\"!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\"",
                "\"" + "a".repeat(254) + "\"")) {
            assertTrue(FetchResponse.isWellFormedEtag(ok), ok);
        }
        for (String bad : List.of("", "abc", "\"abc", "abc\"", "w/\"abc\"", "W/abc", "\"a\"b\"", "\"a b\"",
                "\"a\tb\"", "\"\u00e9\"", "\"a\u007f\"", "\"" + "a".repeat(255) + "\"", "\"")) {
            assertFalse(FetchResponse.isWellFormedEtag(bad), bad);
        }
        assertFalse(FetchResponse.isWellFormedEtag(null));
        assertNull(FetchResponse.of(BODY, "bad").etag());
        assertThrows(IllegalStateException.class, () -> FetchResponse.notModified().body());
        assertThrows(NullPointerException.class, () -> FetchResponse.of(null, TAG));
    }
}
