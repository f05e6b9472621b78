package io.patchbay.server.impl.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.testing.NginxServer;
import io.patchbay.server.testing.RepoHttpServer;
import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.http.HttpFetcher;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real TUF client over a repository built with the real tooling, served by {@link RepositoryHandler}: directly,
 * through nginx as a reverse proxy, and by nginx serving the same directory itself (the static-files deployment).
 * Each time: refresh and download, publish a new version, refresh and download it, and revalidate timestamp.json
 * with If-None-Match (304 while unchanged, 200 with a new tag after a publication).
 */
class TufOverRepositoryHandlerTest {

    @TempDir
    Path base;
    RepoSimulator sim;
    RepoHttpServer jetty;

    @BeforeEach
    void repository() throws Exception {
        sim = RepoSimulator.start(base);
        sim.addTarget("app/hello.txt", "hello v1", "targets");
        sim.initClient();
        jetty = RepoHttpServer.start(sim.repoDir(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        jetty.close();
        sim.close();
    }

    @Test
    void clientRefreshesAndDownloadsFromTheHandler() throws Exception {
        updatesThrough(jetty.baseUri(), jetty::toString, false);
    }

    @Test
    void clientRefreshesAndDownloadsThroughNginxAsProxy() throws Exception {
        try (NginxServer nginx = NginxServer.proxy(jetty.baseUri(), base)) {
            updatesThrough(nginx.baseUri(), nginx::logs, false);
        }
    }

    @Test
    void clientRefreshesAndDownloadsFromNginxServingTheDirectory() throws Exception {
        try (NginxServer nginx = NginxServer.serving(sim.repoDir(), base)) {
            updatesThrough(nginx.baseUri(), nginx::logs, true);
        }
    }

    /**
     * Why the handler hashes: nginx's ETag is hex(mtime in seconds)-hex(length), so a timestamp.json replaced
     * within the same second by one of the same length (the usual case: only digits and signature change) keeps
     * its tag, and a revalidating cache is told 304 for a changed file. Made deterministic here by giving the new
     * version the old mtime. The handler's tag follows the bytes.
     */
    @Test
    void nginxTagsByLengthAndMtimeWhileTheHandlerTagsByContent() throws Exception {
        Path file = sim.repoDir().resolve("metadata/timestamp.json");
        java.nio.file.attribute.FileTime mtime = java.nio.file.Files.getLastModifiedTime(file);
        try (NginxServer nginx = NginxServer.serving(sim.repoDir(), base)) {
            HttpClient http = HttpClient.newHttpClient();
            URI viaNginx = URI.create(nginx.baseUri() + "/metadata/timestamp.json");
            URI viaHandler = URI.create(jetty.baseUri() + "/metadata/timestamp.json");
            String nginxTag = get(http, viaNginx, null).headers().firstValue("ETag").orElseThrow();
            String handlerTag = get(http, viaHandler, null).headers().firstValue("ETag").orElseThrow();
            byte[] old = java.nio.file.Files.readAllBytes(file);
            byte[] changed = old.clone();
            changed[changed.length / 2] ^= 1; // same length, different bytes (a tampered or a newer file)
            RepositoryHandlerTest.publish(file, changed);
            java.nio.file.Files.setLastModifiedTime(file, mtime);
            assertEquals(304, get(http, viaNginx, nginxTag).statusCode(), "nginx: same length and second, same tag");
            HttpResponse<byte[]> fromHandler = get(http, viaHandler, handlerTag);
            assertEquals(200, fromHandler.statusCode());
            assertNotEquals(handlerTag, fromHandler.headers().firstValue("ETag").orElseThrow());
        }
    }

    /** @param mtimeTags the server tags by length+mtime (nginx serving files), see the test below */
    private void updatesThrough(URI server, Supplier<String> diagnostics, boolean mtimeTags) throws Exception {
        HttpFetcher tufHttp = HttpFetcher.builder().requestTimeout(Duration.ofSeconds(10)).build();
        java.util.List<String> timestampAnswers = new java.util.ArrayList<>();
        io.patchbay.tuf.api.Fetcher recording = new io.patchbay.tuf.api.Fetcher() {
            @Override
            public byte[] fetch(io.patchbay.tuf.api.FetchRequest request) {
                return tufHttp.fetch(request);
            }

            @Override
            public io.patchbay.tuf.api.FetchResponse fetchConditional(io.patchbay.tuf.api.FetchRequest request,
                                                                      String ifNoneMatch) {
                io.patchbay.tuf.api.FetchResponse response = tufHttp.fetchConditional(request, ifNoneMatch);
                timestampAnswers.add((ifNoneMatch == null ? "" : "if-none-match ")
                        + (response.isNotModified() ? "304" : "200"));
                return response;
            }
        };
        TufUpdater client = TufClient.builder()
                .metadataDir(sim.clientMetadataDir())
                .targetDir(sim.clientTargetDir())
                .fetcher(recording)
                .clock(sim.clock())
                .repository(URI.create(server + "/metadata"), URI.create(server + "/targets"))
                .build();
        RefreshResult first = client.refresh();
        assertEquals("hello v1", new String(client.fetchTarget("app/hello.txt"), StandardCharsets.UTF_8),
                diagnostics.get());

        // The client's own revalidation: the tag of the verified timestamp.json, answered 304, same outcome.
        RefreshResult again = client.refresh();
        assertEquals(first.timestampVersion(), again.timestampVersion());
        assertEquals(java.util.List.of("200", "if-none-match 304"), timestampAnswers, diagnostics.get());

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI timestamp = URI.create(server + "/metadata/timestamp.json");
        HttpResponse<byte[]> full = get(http, timestamp, null);
        assertEquals(200, full.statusCode(), diagnostics.get());
        String etag = full.headers().firstValue("ETag").orElseThrow();
        assertEquals("no-cache", full.headers().firstValue("Cache-Control").orElse(null));
        HttpResponse<byte[]> unchanged = get(http, timestamp, etag);
        assertEquals(304, unchanged.statusCode(), diagnostics.get());
        assertEquals(0, unchanged.body().length);
        assertEquals(etag, unchanged.headers().firstValue("ETag").orElse(null));

        sim.clock().advance(Duration.ofMinutes(5));
        sim.addTarget("app/hello.txt", "hello v2, a little longer", "targets");
        if (mtimeTags) { // a publication in the same second with the same length would keep nginx's tag
            Path published = sim.repoDir().resolve("metadata/timestamp.json");
            java.nio.file.Files.setLastModifiedTime(published, java.nio.file.attribute.FileTime.from(
                    java.nio.file.Files.getLastModifiedTime(published).toInstant().plusSeconds(2)));
        }
        RefreshResult second = client.refresh();
        assertTrue(second.timestampVersion() > first.timestampVersion());
        assertEquals("if-none-match 200", timestampAnswers.get(2), "a new timestamp.json is sent in full");
        assertTrue(second.targetsVersion() > first.targetsVersion());
        assertEquals("hello v2, a little longer",
                new String(client.fetchTarget("app/hello.txt"), StandardCharsets.UTF_8));

        HttpResponse<byte[]> changed = get(http, timestamp, etag);
        assertEquals(200, changed.statusCode(), "a new timestamp.json must not be answered 304");
        assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
        String immutable = get(http, URI.create(server + "/metadata/1.root.json"), null)
                .headers().firstValue("Cache-Control").orElse("");
        assertTrue(immutable.contains("immutable"), immutable);
    }

    private static HttpResponse<byte[]> get(HttpClient http, URI uri, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
