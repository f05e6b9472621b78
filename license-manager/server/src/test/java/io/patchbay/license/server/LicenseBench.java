package io.patchbay.license.server;

import io.patchbay.license.server.LicenseServerFixture.Instance;
import io.patchbay.license.server.LicenseServerFixture.License;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Activations and lease renewals per second on loopback (issue 9, "Benchmarks", item 2), against H2 and PostgreSQL
 * in the same run. Every request is real: an instance-signed JWS (the license core's codec), verified, nonce
 * recorded and the license row locked in one transaction, answered with a vendor-signed token and lease grant.
 * Activations use a new instance each (keys made before the clock starts); renewals cycle over activated
 * instances, each presenting its latest freshness value. Any answer but 200 is an error.
 *
 * <p>Not part of any test run; see bench/license.sh. Usage:
 * {@code LicenseBench [connections=8] [seconds=10] [instances=2000] [dbs=h2,postgres]}
 */
public final class LicenseBench {

    private LicenseBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int instances = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        String[] dbs = (args.length > 3 ? args[3] : "h2,postgres").split(",");
        System.out.printf("license server: %d connections, %d s per measurement, %d cores%n", connections, seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| database | operation | per second | p50 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|---|");
        for (String db : dbs) {
            Path dir = Files.createTempDirectory("license-bench-");
            try (LicenseServerFixture fx = db.equals("h2") ? LicenseServerFixture.h2(dir) : LicenseServerFixture.postgres(dir)) {
                License license = fx.issue("\"maxMachines\":10000,\"maxActivationsPerDay\":10000,\"checkInSeconds\":3600");
                ConcurrentLinkedQueue<Instance> fresh = new ConcurrentLinkedQueue<>();
                for (int i = 0; i < instances; i++) {
                    fresh.add(fx.instance());
                }
                List<Instance> warm = new ArrayList<>();
                for (int i = 0; i < connections * 8; i++) {
                    Instance instance = fresh.poll();
                    instance.activated(license.key());
                    warm.add(instance);
                }
                measure(db, "renew (warm-up)", connections, Math.max(5, seconds / 2), warm, Instance::renew);
                measure(db, "activate", connections, seconds, null, i -> {
                    Instance next = fresh.poll();
                    return next == null ? null : next.activate(license.key());
                });
                measure(db, "renew", connections, seconds, warm, Instance::renew);
            }
        }
    }

    interface Call {
        HttpResponse<String> send(Instance instance) throws Exception;
    }

    /** {@code connections} threads, each over its own share of {@code instances} (or none), for {@code seconds}. */
    private static void measure(String db, String what, int connections, int seconds, List<Instance> instances,
            Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                int turn = 0;
                while (System.nanoTime() < end) {
                    Instance instance = null;
                    if (instances != null) {
                        List<Instance> mine = share(instances, thread, connections);
                        instance = mine.get(turn++ % mine.size());
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = call.send(instance);
                    if (answer == null) {
                        break; // out of fresh instances
                    }
                    latencies.add(System.nanoTime() - t0);
                    if (answer.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return;
        }
        System.out.printf("| %s | %s | %.0f | %.2f | %.2f | %d |%n", db, what, sorted.length / (double) seconds,
                sorted[sorted.length / 2] / 1e6, sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6,
                errors.get());
        System.out.flush();
    }

    private static List<Instance> share(List<Instance> all, int thread, int threads) {
        List<Instance> mine = new ArrayList<>();
        for (int i = thread; i < all.size(); i += threads) {
            mine.add(all.get(i));
        }
        return mine;
    }

}
