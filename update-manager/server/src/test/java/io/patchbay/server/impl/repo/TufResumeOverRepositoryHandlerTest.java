package io.patchbay.server.impl.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.server.testing.NginxServer;
import io.patchbay.server.testing.RepoHttpServer;
import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.FetchResponse;
import io.patchbay.tuf.api.FetchSink;
import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.http.HttpFetcher;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target download broken after K bytes resumes with {@code Range: bytes=K-} and {@code If-Range} against the
 * real servers: the handler, nginx proxying it, and nginx serving the directory itself (its own entity tags).
 * The break is made inside the client (the body stops after K bytes with a transport error, and the connection
 * is dropped), so each server sees a real ranged request with the tag it gave.
 */
class TufResumeOverRepositoryHandlerTest {

    private static final String PATH = "app/big.txt";
    /** Above the handler's in-memory limit, so the range is streamed from the file. */
    private static final String CONTENT = "0123456789abcdef".repeat(25_000);
    private static final int K = 123_457;

    @TempDir
    Path base;
    RepoSimulator sim;
    RepoHttpServer jetty;

    @BeforeEach
    void repository() throws Exception {
        sim = RepoSimulator.start(base);
        sim.addTarget(PATH, CONTENT, "targets");
        sim.initClient();
        jetty = RepoHttpServer.start(sim.repoDir(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        jetty.close();
        sim.close();
    }

    @Test
    void resumesFromTheHandler() {
        resumesThrough(jetty.baseUri());
    }

    @Test
    void resumesThroughNginxAsProxy() throws Exception {
        try (NginxServer nginx = NginxServer.proxy(jetty.baseUri(), base)) {
            resumesThrough(nginx.baseUri());
        }
    }

    @Test
    void resumesFromNginxServingTheDirectory() throws Exception {
        try (NginxServer nginx = NginxServer.serving(sim.repoDir(), base)) {
            resumesThrough(nginx.baseUri());
        }
    }

    private void resumesThrough(URI server) {
        BreakingFetcher fetcher = new BreakingFetcher(K);
        TufUpdater client = TufClient.builder().metadataDir(sim.clientMetadataDir()).targetDir(sim.clientTargetDir())
                .fetcher(fetcher).clock(sim.clock())
                .repository(URI.create(server + "/metadata"), URI.create(server + "/targets")).build();
        client.refresh();
        assertThrows(DownloadException.class, () -> client.fetchTarget(PATH));
        assertEquals(CONTENT, new String(client.fetchTarget(PATH), StandardCharsets.UTF_8));

        assertEquals(2, fetcher.asked.size(), fetcher.asked.toString());
        assertEquals("0 null", fetcher.asked.get(0));
        assertNotNull(fetcher.etag, "the server tags the target");
        assertEquals(K + " " + fetcher.etag, fetcher.asked.get(1), "resumed with the tag it came with");
        assertEquals(List.of(0L, (long) K), fetcher.starts, "the server answered 206 from K");
    }

    /** The real HTTP fetcher, whose first ranged body breaks after {@code cut} bytes like a lost connection. */
    private static final class BreakingFetcher implements Fetcher {
        private final HttpFetcher http = HttpFetcher.builder().requestTimeout(Duration.ofSeconds(10)).build();
        final List<String> asked = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();
        String etag;
        private long cut;

        BreakingFetcher(long cut) {
            this.cut = cut;
        }

        @Override
        public byte[] fetch(FetchRequest request) {
            return http.fetch(request);
        }

        @Override
        public FetchResponse fetchConditional(FetchRequest request, String ifNoneMatch) {
            return http.fetchConditional(request, ifNoneMatch);
        }

        @Override
        public void fetchRange(FetchRequest request, long offset, String ifRange, FetchSink sink) {
            asked.add(offset + " " + ifRange);
            http.fetchRange(request, offset, ifRange, new FetchSink() {
                private long passed;

                @Override
                public void start(long at, String tag) {
                    starts.add(at);
                    etag = etag == null ? tag : etag;
                    sink.start(at, tag);
                }

                @Override
                public void write(byte[] bytes, int from, int length) {
                    if (cut >= 0 && passed + length > cut) {
                        sink.write(bytes, from, (int) (cut - passed));
                        cut = -1;
                        throw new DownloadException("connection lost (test)");
                    }
                    passed += length;
                    sink.write(bytes, from, length);
                }
            });
        }
    }
}
