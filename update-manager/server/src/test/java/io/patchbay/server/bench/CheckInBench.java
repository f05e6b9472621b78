package io.patchbay.server.bench;

import io.patchbay.server.bench.BenchServer.Agent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Check-in ingestion per second (issue 7, "Benchmarks", item 2), into H2 (embedded file) and into PostgreSQL
 * (private loopback cluster), in the same run. Both servers run side by side with the same clients enrolled;
 * rounds alternate H2 / PostgreSQL so both see the same (shared) machine.
 *
 * <p>Every request is a real check-in: {@code POST /device/v1/check-in} over HTTPS (TLS 1.3, keep-alive), signed
 * with the client's Ed25519 key by crypto's {@code RequestSigner} at send time (its own timestamp and nonce), and
 * verified by the server, which records the nonce and the client's state in one transaction. Any answer but 200
 * counts as an error. {@code connections} threads each send one request at a time on the shared HttpClient (so
 * at most that many keep-alive connections), cycling over their share of the enrolled clients.
 *
 * <p>Not part of any test run; see bench/checkin.sh. Usage:
 * {@code CheckInBench [connections=8] [seconds-per-round=10] [rounds=3] [clients=1000] [dbs=h2,postgres]}
 */
public final class CheckInBench {

    private CheckInBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int clientCount = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        String[] dbs = (args.length > 4 ? args[4] : "h2,postgres").split(",");
        System.out.printf("check-ins/s: %d connections, %d s rounds, %d rounds, %d clients, %d cores, load %s%n",
                connections, seconds, rounds, clientCount, Runtime.getRuntime().availableProcessors(),
                BenchServer.load());
        List<BenchServer> servers = new ArrayList<>();
        try {
            List<List<Agent>> agents = new ArrayList<>();
            for (String db : dbs) {
                // maxInFlight above the client's concurrency: this measures ingestion, not load shedding.
                BenchServer server = BenchServer.start(db, Duration.ofMinutes(5), Math.max(16, connections * 2));
                servers.add(server);
                long t0 = System.nanoTime();
                agents.add(server.enroll(clientCount, 2));
                System.out.printf("%s: %d clients enrolled through the store in %.1f s%n", server.name, clientCount,
                        (System.nanoTime() - t0) / 1e9);
            }
            AtomicLong sequence = new AtomicLong();
            for (int i = 0; i < servers.size(); i++) {
                run(servers.get(i), agents.get(i), connections, 10, sequence); // warm-up (JIT: Ed25519, TLS, JSON, SQL)
            }
            System.out.println("| round | database | check-ins/s | p50 ms | p99 ms | max ms | errors | server CPU ms"
                    + " per check-in (JVM threads + DB processes) | load |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            double[] sums = new double[servers.size()];
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < servers.size(); i++) {
                    Result r = run(servers.get(i), agents.get(i), connections, seconds, sequence);
                    sums[i] += r.rate;
                    System.out.printf("| %d | %s | %.0f | %.2f | %.2f | %.1f | %d | %.2f + %.2f | %s |%n", round,
                            servers.get(i).name, r.rate, r.p50, r.p99, r.max, r.errors, r.jvmCpuMs / r.count,
                            r.dbCpuMs / r.count, BenchServer.load());
                }
            }
            for (int i = 0; i < servers.size(); i++) {
                BenchServer s = servers.get(i);
                System.out.printf("%s: mean %.0f check-ins/s; %d nonces, %d clients; database %.1f MB on disk%n",
                        s.name, sums[i] / rounds, s.count("request_nonces"), s.count("clients"),
                        s.databaseBytes() / 1e6);
            }
        } finally {
            for (BenchServer server : servers) {
                server.close();
            }
        }
    }

    record Result(double rate, long count, long errors, double p50, double p99, double max, double jvmCpuMs,
            double dbCpuMs) {
    }

    private static Result run(BenchServer server, List<Agent> agents, int connections, int seconds,
            AtomicLong sequence) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            server.startCpu();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            List<Future<long[]>> workers = new ArrayList<>();
            AtomicLong errors = new AtomicLong();
            for (int c = 0; c < connections; c++) {
                int first = c;
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 14];
                    int n = 0;
                    int next = first;
                    while (System.nanoTime() < end) {
                        Agent agent = agents.get(next);
                        next = (next + connections) % agents.size();
                        long t0 = System.nanoTime();
                        HttpResponse<String> reply = server.checkIn(agent, sequence.incrementAndGet() % 1000);
                        long took = System.nanoTime() - t0;
                        if (reply.statusCode() != 200) {
                            if (errors.getAndIncrement() < 3) {
                                System.err.println(server.name + ": " + reply.statusCode() + " " + reply.body());
                            }
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> worker : workers) {
                all.add(worker.get());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] cpu = server.stopCpu();
            long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(sorted.length / elapsed, sorted.length, errors.get(), BenchServer.pct(sorted, 50),
                    BenchServer.pct(sorted, 99), BenchServer.pct(sorted, 100), cpu[0] / 1e6, cpu[1] / 1e6);
        } finally {
            pool.shutdownNow();
        }
    }
}
