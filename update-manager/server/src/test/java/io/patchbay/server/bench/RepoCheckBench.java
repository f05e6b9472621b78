package io.patchbay.server.bench;

import io.patchbay.server.testing.NginxServer;
import io.patchbay.server.testing.RepoHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Update checks per second on loopback (issue 7, "Benchmarks"): each check is a conditional GET of
 * {@code metadata/timestamp.json} with the current ETag on a keep-alive connection, answered 304. Contenders, in
 * the same run over the same directory: the repository handler on Jetty, and nginx (Debian's package) serving the
 * directory itself with {@code etag on}. Rounds alternate so both see the same machine; the table gives checks
 * per second per round and the handler/nginx ratio (target at least 0.5).
 *
 * <p>The client is a raw socket per connection (a request written, the status line and headers read up to the
 * blank line): cheap, and the same for both contenders. Not part of any test run; see bench/repo-serve.sh.
 *
 * <p>Usage: {@code RepoCheckBench [connections=8] [seconds-per-round=5] [rounds=3]}
 */
public final class RepoCheckBench {

    private RepoCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory("repo-bench-");
        Path repo = work.resolve("repo");
        Files.createDirectories(repo.resolve("metadata"));
        Files.createDirectories(repo.resolve("targets"));
        Files.write(repo.resolve("metadata/timestamp.json"), timestampLike());
        // The handler's clock: the file is older than the racy window, as a published timestamp.json is between
        // publications (otherwise every check would hash the file, which is correct but not the steady state).
        Clock clock = Clock.offset(Clock.systemUTC(), java.time.Duration.ofMinutes(1));
        try (RepoHttpServer jetty = RepoHttpServer.start(repo, clock);
             NginxServer nginx = NginxServer.serving(repo, work)) {
            System.out.printf("update checks/s: %d keep-alive connections, %d s rounds, %d rounds, %d cores%n",
                    connections, seconds, rounds, Runtime.getRuntime().availableProcessors());
            run("warm-up handler", jetty.baseUri(), connections, 2);
            run("warm-up nginx", nginx.baseUri(), connections, 2);
            System.out.println("| round | handler checks/s | nginx checks/s | ratio |");
            System.out.println("|-------|------------------|----------------|-------|");
            double sumJetty = 0;
            double sumNginx = 0;
            for (int round = 1; round <= rounds; round++) {
                double handler = run("handler", jetty.baseUri(), connections, seconds);
                double direct = run("nginx", nginx.baseUri(), connections, seconds);
                sumJetty += handler;
                sumNginx += direct;
                System.out.printf("| %d | %.0f | %.0f | %.2f |%n", round, handler, direct, handler / direct);
            }
            System.out.printf("| mean | %.0f | %.0f | **%.2f** |%n", sumJetty / rounds, sumNginx / rounds,
                    sumJetty / sumNginx);
        }
    }

    /** About the size of a real timestamp.json with one ed25519 signature. */
    private static byte[] timestampLike() {
        byte[] sig = new byte[64];
        new Random(1).nextBytes(sig);
        StringBuilder hex = new StringBuilder();
        for (byte b : sig) {
            hex.append(String.format("%02x", b));
        }
        return ("{\"signatures\":[{\"keyid\":\"" + "ab".repeat(32) + "\",\"sig\":\"" + hex + "\"}],\"signed\":{"
                + "\"_type\":\"timestamp\",\"expires\":\"2030-01-02T00:00:00Z\",\"meta\":{\"snapshot.json\":{"
                + "\"version\":42}},\"spec_version\":\"1.0.31\",\"version\":42}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Checks per second over {@code connections} keep-alive connections for {@code seconds}; every answer must be 304. */
    private static double run(String name, URI server, int connections, int seconds) throws Exception {
        String etag = etagOf(server);
        byte[] request = ("GET /metadata/timestamp.json HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n"
                + "If-None-Match: " + etag + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Future<Long>> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> checks(server, request, end)));
            }
            long total = 0;
            for (Future<Long> worker : workers) {
                total += worker.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long checks(URI server, byte[] request, long end) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 4096);
            long count = 0;
            while (System.nanoTime() < end) {
                out.write(request);
                out.flush();
                String head = readHead(in);
                if (!head.startsWith("HTTP/1.1 304")) {
                    throw new IOException(server + " answered " + head.lines().findFirst().orElse(head));
                }
                count++;
            }
            return count;
        }
    }

    /** Reads up to and including the blank line; a 304 has no body. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString();
    }

    private static String etagOf(URI server) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("HEAD /metadata/timestamp.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return head.lines().filter(l -> l.regionMatches(true, 0, "ETag:", 0, 5)).map(l -> l.substring(5).strip())
                    .findFirst().orElseThrow(() -> new IOException(server + " sent no ETag: " + head));
        }
    }
}
