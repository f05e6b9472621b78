package io.patchbay.server.impl.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.patchbay.server.testing.RepoHttpServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Range requests over HTTP: what resuming clients send, and what hostile or broken clients send. */
class RepositoryRangeTest {

    private static final int SMALL = 1000;
    /** Above the handler's in-memory size, so ranges of it are streamed. */
    private static final int LARGE = 700 * 1024 + 3;

    @TempDir
    static Path base;
    static byte[] small;
    static byte[] large;
    static RepoHttpServer server;

    @BeforeAll
    static void start() throws IOException {
        Path repo = base.resolve("repo");
        Files.createDirectories(repo.resolve("metadata"));
        Files.createDirectories(repo.resolve("targets"));
        small = new byte[SMALL];
        large = new byte[LARGE];
        new Random(11).nextBytes(small);
        new Random(12).nextBytes(large);
        Files.write(repo.resolve("targets/small.bin"), small);
        Files.write(repo.resolve("targets/large.bin"), large);
        Files.write(repo.resolve("targets/empty.bin"), new byte[0]);
        server = RepoHttpServer.start(repo, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        return server.send(method, path, headers);
    }

    static String header(HttpResponse<?> response, String name) {
        return RepoHttpServer.header(response, name);
    }

    static String etagOf(String path) throws Exception {
        return header(send("HEAD", path), "ETag");
    }

    @Test
    void openEndedRangeSendsTheRestWith206() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", "bytes=400-");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(small, 400, SMALL), r.body());
        assertEquals("bytes 400-999/1000", header(r, "Content-Range"));
        assertEquals("600", header(r, "Content-Length"));
        assertEquals("bytes", header(r, "Accept-Ranges"));
        assertEquals(etagOf("/targets/small.bin"), header(r, "ETag"));
    }

    @Test
    void closedRangeAndSuffixRange() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", "bytes=10-19");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(small, 10, 20), r.body());
        assertEquals("bytes 10-19/1000", header(r, "Content-Range"));

        r = send("GET", "/targets/small.bin", "Range", "bytes=-5");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(small, 995, SMALL), r.body());
        assertEquals("bytes 995-999/1000", header(r, "Content-Range"));
    }

    @Test
    void lastPositionBeyondTheFileIsClippedEvenWhenHuge() throws Exception {
        for (String last : new String[]{"5000", "99999999999999999999999999999999"}) {
            HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", "bytes=990-" + last);
            assertEquals(206, r.statusCode(), last);
            assertArrayEquals(Arrays.copyOfRange(small, 990, SMALL), r.body());
            assertEquals("bytes 990-999/1000", header(r, "Content-Range"));
        }
        HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", "bytes=-99999999999999999999999");
        assertEquals(206, r.statusCode());
        assertArrayEquals(small, r.body());
    }

    @Test
    void largeFileRangesAreStreamedExactly() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/targets/large.bin", "Range", "bytes=1-");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(large, 1, LARGE), r.body());
        assertEquals("bytes 1-" + (LARGE - 1) + "/" + LARGE, header(r, "Content-Range"));

        r = send("GET", "/targets/large.bin", "Range", "bytes=100-" + (300 * 1024 + 99));
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(large, 100, 300 * 1024 + 100), r.body());
    }

    @Test
    void ifRangeWithTheCurrentTagServesTheRangeAnyOtherValidatorTheWholeFile() throws Exception {
        String etag = etagOf("/targets/small.bin");
        HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", "bytes=900-", "If-Range", etag);
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(small, 900, SMALL), r.body());

        for (String other : new String[]{"\"another-version\"", "W/" + etag, "Tue, 01 Dec 2026 10:00:00 GMT", "",
                etag + ", " + etag}) {
            r = send("GET", "/targets/small.bin", "Range", "bytes=900-", "If-Range", other);
            assertEquals(200, r.statusCode(), other);
            assertArrayEquals(small, r.body(), other);
            assertNull(header(r, "Content-Range"), other);
        }
        r = send("GET", "/targets/small.bin", "Range", "bytes=900-", "If-Range", etag, "If-Range", etag);
        assertEquals(200, r.statusCode(), "two If-Range fields");
    }

    @Test
    void rangeBeyondTheFileIs416WithTheLength() throws Exception {
        for (String range : new String[]{"bytes=1000-", "bytes=5000-6000", "bytes=99999999999999999999999999-",
                "bytes=-0"}) {
            HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", range);
            assertEquals(416, r.statusCode(), range);
            assertEquals("bytes */1000", header(r, "Content-Range"), range);
            assertEquals("no-store", header(r, "Cache-Control"), range);
        }
        HttpResponse<byte[]> r = send("GET", "/targets/empty.bin", "Range", "bytes=0-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */0", header(r, "Content-Range"));
        r = send("GET", "/targets/empty.bin", "Range", "bytes=-10");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
    }

    /** Anything but one plain range, including many ranges, is answered with the whole file, never a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "bytes=1-2, 3-4, 5-6, 7-8, 9-10, 11-12", "bytes=5-3", "bytes=-",
            "bytes=", "bytes=a-b", "bytes=-5-", "bytes=--5", "bytes=1--2", "bytes=+1-", "bytes=0x10-",
            "bytes=1.5-", "items=0-5", "bytes 0-5", "0-5", "bytes=\u00b9-"})
    void malformedOrMultipleRangesGetTheWholeFile(String range) throws Exception {
        HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", range);
        assertEquals(200, r.statusCode(), range);
        assertArrayEquals(small, r.body(), range);
        assertNull(header(r, "Content-Range"), range);
    }

    @Test
    void anOverlongOrRepeatedRangeHeaderIsIgnored() throws Exception {
        String many = "bytes=" + "1-2,".repeat(1000) + "3-4";
        HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", many);
        assertEquals(200, r.statusCode());
        assertArrayEquals(small, r.body());
        r = send("GET", "/targets/small.bin", "Range", "bytes=" + "0".repeat(200) + "5-");
        assertEquals(200, r.statusCode(), "more than the handler scans");
        r = send("GET", "/targets/small.bin", "Range", "bytes=1-", "Range", "bytes=2-");
        assertEquals(200, r.statusCode());
        assertArrayEquals(small, r.body());
    }

    @Test
    void headIgnoresRangesButAdvertisesThem() throws Exception {
        HttpResponse<byte[]> r = send("HEAD", "/targets/small.bin", "Range", "bytes=10-");
        assertEquals(200, r.statusCode());
        assertEquals("1000", header(r, "Content-Length"));
        assertEquals("bytes", header(r, "Accept-Ranges"));
    }

    @Test
    void notModifiedTakesPrecedenceOverRange() throws Exception {
        String etag = etagOf("/targets/small.bin");
        HttpResponse<byte[]> r = send("GET", "/targets/small.bin", "Range", "bytes=10-", "If-None-Match", etag);
        assertEquals(304, r.statusCode());
    }
}
