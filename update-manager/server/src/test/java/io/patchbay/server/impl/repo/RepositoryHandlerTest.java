package io.patchbay.server.impl.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.testing.RawHttp;
import io.patchbay.server.testing.RepoHttpServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The handler over HTTP: status codes, headers, conditional requests, path safety and atomic publication. */
class RepositoryHandlerTest {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final String SECRET = "SECRET-KEY-MATERIAL";

    @TempDir
    static Path base;
    static Path repo;
    static RepoHttpServer server;

    @BeforeAll
    static void start() throws IOException {
        repo = base.resolve("repo");
        Files.createDirectories(repo.resolve("metadata"));
        Files.createDirectories(repo.resolve("targets/dir"));
        Files.createDirectories(repo.resolve("staged"));
        Files.writeString(repo.resolve("metadata/1.root.json"), "{\"root\":1}");
        Files.writeString(repo.resolve("metadata/timestamp.json"), "{\"timestamp\":1}");
        Files.writeString(repo.resolve("metadata/.tmp-1.part"), "{\"half");
        Files.writeString(repo.resolve("staged/root.json"), SECRET);
        Files.writeString(repo.resolve("targets/dir/" + SHA + ".app.jar"), "jar bytes");
        Files.writeString(repo.resolve("targets/plain.txt"), "plain");
        Files.writeString(base.resolve("outside.txt"), SECRET);
        Files.createSymbolicLink(repo.resolve("targets/escape.txt"), base.resolve("outside.txt"));
        Files.createSymbolicLink(repo.resolve("targets/inside.txt"), repo.resolve("targets/plain.txt"));
        Files.createSymbolicLink(repo.resolve("targets/escdir"), base);
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

    static String sha256Tag(byte[] bytes) throws Exception {
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(bytes)) + "\"";
    }

    @Test
    void getServesTheBytesWithStrongEtagLengthAndType() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/metadata/1.root.json");
        assertEquals(200, r.statusCode());
        assertEquals("{\"root\":1}", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(sha256Tag(r.body()), header(r, "ETag"));
        assertEquals(String.valueOf(r.body().length), header(r, "Content-Length"));
        assertEquals("application/json", header(r, "Content-Type"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    }

    @Test
    void headHasTheSameHeadersAndNoBody() throws Exception {
        HttpResponse<byte[]> get = send("GET", "/targets/dir/" + SHA + ".app.jar");
        HttpResponse<byte[]> head = send("HEAD", "/targets/dir/" + SHA + ".app.jar");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        for (String name : List.of("ETag", "Content-Length", "Content-Type", "Cache-Control")) {
            assertEquals(header(get, name), header(head, name), name);
        }
        assertEquals("9", header(head, "Content-Length"));
        assertEquals("application/java-archive", header(head, "Content-Type"));
    }

    @Test
    void cacheControlPerKind() throws Exception {
        assertEquals(RepositoryHandler.IMMUTABLE, header(send("GET", "/metadata/1.root.json"), "Cache-Control"));
        assertEquals(RepositoryHandler.IMMUTABLE, header(send("GET", "/targets/dir/" + SHA + ".app.jar"), "Cache-Control"));
        assertEquals("no-cache", header(send("GET", "/metadata/timestamp.json"), "Cache-Control"));
        assertEquals("no-cache", header(send("GET", "/targets/plain.txt"), "Cache-Control"));
        HttpResponse<byte[]> missing = send("GET", "/metadata/2.root.json");
        assertEquals(404, missing.statusCode());
        assertEquals("no-store", header(missing, "Cache-Control"), "a cached 404 would hide the next root version");
    }

    @Test
    void ifNoneMatchAnswers304ForTheTagAListAWeakFormAndStar() throws Exception {
        String etag = header(send("GET", "/metadata/timestamp.json"), "ETag");
        for (String value : List.of(etag, "\"other\", " + etag, "\"a\",\"b\"," + etag, "W/" + etag, "*",
                "W/\"x\" ,  W/" + etag)) {
            HttpResponse<byte[]> r = send("GET", "/metadata/timestamp.json", "If-None-Match", value);
            assertEquals(304, r.statusCode(), value);
            assertEquals(0, r.body().length);
            assertEquals(etag, header(r, "ETag"));
            assertEquals("no-cache", header(r, "Cache-Control"));
            assertEquals(304, send("HEAD", "/metadata/timestamp.json", "If-None-Match", value).statusCode());
        }
        for (String value : List.of("\"other\"", etag.substring(1, etag.length() - 1), "W/\"x\", \"y\"", "garbage",
                etag.substring(0, etag.length() - 2) + "\"")) {
            assertEquals(200, send("GET", "/metadata/timestamp.json", "If-None-Match", value).statusCode(), value);
        }
        assertEquals(404, send("GET", "/metadata/9.root.json", "If-None-Match", "*").statusCode());
    }

    @Test
    void notFoundForMissingHiddenDirectoriesAndUnservedAreas() throws Exception {
        for (String path : List.of("/", "/metadata", "/metadata/", "/targets/dir", "/targets/dir/", "/staged/root.json",
                "/metadata/.tmp-1.part", "/metadata/nope.json", "/targets/escape.txt", "/targets/escdir/outside.txt",
                "/repo/metadata/1.root.json")) {
            HttpResponse<byte[]> r = send("GET", path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains(SECRET), path);
        }
        HttpResponse<byte[]> inside = send("GET", "/targets/inside.txt");
        assertEquals(200, inside.statusCode(), "a symlink that stays inside the root is served");
        assertEquals("plain", new String(inside.body(), StandardCharsets.UTF_8));
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<byte[]> r = send(method, "/metadata/1.root.json");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", header(r, "Allow"));
        }
    }

    /** Sent byte for byte over a socket, so no client normalises them first; Jetty or we must refuse each. */
    @ParameterizedTest
    @ValueSource(strings = {"/metadata/../staged/root.json", "/targets/../../outside.txt", "/metadata/%2e%2e/staged/root.json",
        "/metadata/%2E%2E/staged/root.json", "/metadata/.%2e/staged/root.json", "/targets/dir%2f..%2f..%2fstaged%2froot.json",
        "/targets/%2e%2e%2f%2e%2e%2foutside.txt", "/targets/..%5c..%5coutside.txt", "/targets/..\\..\\outside.txt",
        "//staged/root.json", "/metadata/1.root.json%00", "/metadata/%00/../../staged/root.json",
        "/targets/%c0%ae%c0%ae/staged/root.json", "/metadata/./../staged/root.json", "/metadata/..;/staged/root.json",
        "/./staged/root.json", "http://evil/../staged/root.json"})
    void everyTraversalFormIsRefused(String path) throws Exception {
        RawHttp.Reply reply = RawHttp.get(server.port(), path);
        assertTrue(reply.status() == 400 || reply.status() == 404, path + " -> " + reply.status());
        assertFalse(reply.body().contains(SECRET), path);
    }

    @Test
    void overlongPathIsRefused() throws Exception {
        RawHttp.Reply reply = RawHttp.get(server.port(), "/targets/" + "a/".repeat(2100) + "x");
        assertTrue(reply.status() == 400 || reply.status() == 414 || reply.status() == 431, "" + reply.status());
    }

    @Test
    void aFileReplacedByAtomicRenameGetsANewEtag() throws Exception {
        Path file = repo.resolve("metadata/snapshot.json");
        publish(file, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> first = send("GET", "/metadata/snapshot.json");
        String etag = header(first, "ETag");
        assertEquals(304, send("GET", "/metadata/snapshot.json", "If-None-Match", etag).statusCode());
        publish(file, "{\"v\":2}".getBytes(StandardCharsets.UTF_8)); // same length, likely the same mtime second
        HttpResponse<byte[]> second = send("GET", "/metadata/snapshot.json", "If-None-Match", etag);
        assertEquals(200, second.statusCode());
        assertEquals("{\"v\":2}", new String(second.body(), StandardCharsets.UTF_8));
        assertNotEquals(etag, header(second, "ETag"));
    }

    @Test
    void largeTargetsStreamCompletely() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        publish(repo.resolve("targets/big.bin"), big);
        HttpResponse<byte[]> r = send("GET", "/targets/big.bin");
        assertEquals(200, r.statusCode());
        assertArrayEquals(big, r.body());
        assertEquals(sha256Tag(big), header(r, "ETag"));
        assertEquals("application/octet-stream", header(r, "Content-Type"));
    }

    /** Readers hammer a file that a writer keeps replacing: each reply is one whole version, with its own tag. */
    @Test
    void concurrentReadersDuringPublicationsNeverSeePartialBytes() throws Exception {
        Path file = repo.resolve("metadata/race.json");
        List<byte[]> versions = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            byte[] bytes = new byte[1000 + v * 70_000]; // spans small and large, heap-buffered and streamed
            java.util.Arrays.fill(bytes, (byte) ('a' + v));
            versions.add(bytes);
        }
        publish(file, versions.get(0));
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (!done.get() || reads < 20) {
                        HttpResponse<byte[]> r = send("GET", "/metadata/race.json");
                        assertEquals(200, r.statusCode());
                        byte[] body = r.body();
                        assertTrue(versions.stream().anyMatch(v -> java.util.Arrays.equals(v, body)),
                                "partial or mixed body of " + body.length + " bytes");
                        assertEquals(sha256Tag(body), header(r, "ETag"), "the tag describes the bytes sent");
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                for (int i = 1; i <= 300; i++) {
                    publish(file, versions.get(i % versions.size()));
                }
                done.set(true);
                return null;
            });
            writer.get(30, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertTrue(reader.get(30, TimeUnit.SECONDS) >= 20);
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    /** What the repository tool does: a temporary file in the same directory, renamed over the old one. */
    static void publish(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
