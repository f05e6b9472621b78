package io.patchbay.server.bench;

import io.patchbay.server.testing.RepoHttpServer;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.http.HttpFetcher;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The TUF client's warm refresh against the repository handler (one client, one keep-alive connection, plain
 * HTTP on loopback): with the conditional fetch of timestamp.json (If-None-Match, 304) and without it (the same
 * HttpFetcher behind a wrapper that only offers {@link Fetcher#fetch}, so every refresh downloads timestamp.json).
 * A warm refresh asks for N+1.root.json (404) and timestamp.json; snapshot and targets come from the store.
 * Alternating rounds. Not part of any test run.
 *
 * <p>Usage: {@code TufRefreshBench [seconds-per-round=5] [rounds=3]}
 */
public final class TufRefreshBench {

    private TufRefreshBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path base = Files.createTempDirectory("tuf-refresh-bench-");
        try (RepoSimulator sim = RepoSimulator.start(base)) {
            sim.addTarget("app/hello.txt", "hello", "targets");
            sim.initClient();
            // The handler's clock is a minute ahead: the files are past its racy window, as between publications.
            try (RepoHttpServer jetty = RepoHttpServer.start(sim.repoDir(),
                    Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))) {
                HttpFetcher http = HttpFetcher.builder().requestTimeout(Duration.ofSeconds(10)).build();
                Fetcher plain = new Fetcher() {
                    @Override
                    public byte[] fetch(FetchRequest request) {
                        return http.fetch(request);
                    }
                };
                TufUpdater conditional = updater(sim, jetty.baseUri(), http);
                TufUpdater unconditional = updater(sim, jetty.baseUri(), plain);
                conditional.refresh();
                run(conditional, 2);
                run(unconditional, 2);
                System.out.println("| round | warm refreshes/s, conditional (304) | unconditional (200) | ratio |");
                System.out.println("|-------|------|------|------|");
                for (int round = 1; round <= rounds; round++) {
                    double withEtag = run(conditional, seconds);
                    double without = run(unconditional, seconds);
                    System.out.printf("| %d | %.0f | %.0f | %.2f |%n", round, withEtag, without, withEtag / without);
                }
            }
        }
    }

    private static TufUpdater updater(RepoSimulator sim, URI server, Fetcher fetcher) {
        return TufClient.builder().metadataDir(sim.clientMetadataDir()).targetDir(sim.clientTargetDir())
                .fetcher(fetcher).clock(sim.clock())
                .repository(URI.create(server + "/metadata"), URI.create(server + "/targets")).build();
    }

    private static double run(TufUpdater updater, int seconds) {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long count = 0;
        while (System.nanoTime() < end) {
            if (updater.refresh().changed()) {
                throw new IllegalStateException("a warm refresh changed something");
            }
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
