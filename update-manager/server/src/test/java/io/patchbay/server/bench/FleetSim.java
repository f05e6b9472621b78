package io.patchbay.server.bench;

import io.patchbay.server.bench.BenchServer.Agent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet simulation (issue 7, "Benchmarks", item 3): {@code agents} light clients in this JVM (not Felix
 * instances) polling one server node for a bounded time. Each agent checks in at a random offset within the first
 * interval (a fleet already running), then every poll interval with ±10 % jitter, or after Retry-After when the
 * server sheds load (503). Several intervals (comma-separated) run one after the other on the same enrolled
 * fleet and server: the database then also holds the earlier runs' state and unexpired nonces.
 *
 * <p>Light clients: the JDK is 17, so no virtual threads; a {@link ScheduledThreadPoolExecutor} of
 * {@code connections} threads runs the agents' check-ins, each thread sending one request at a time on one shared
 * HttpClient, so at most that many keep-alive HTTPS connections. Each check-in is real: signed at send time with
 * the agent's own Ed25519 key and a fresh nonce, verified and recorded by the server. The server keeps its default
 * in-flight limit (16 device requests; beyond it 503 + Retry-After).
 *
 * <p>Measured: check-in latency (send to response, not counting time an agent waited for a free client thread,
 * which is reported separately as schedule lag), answers by status, the server's CPU (see {@link BenchServer}),
 * and the database's size on disk after enrollment and after the run. Enrollment goes through the store in bulk
 * (two transactions per client), not 10,000 HTTPS enrollments.
 *
 * <p>Not part of any test run; see bench/checkin.sh. Usage:
 * {@code FleetSim [agents=1000] [seconds=60] [interval-s=10[,100...]] [connections=32] [dbs=h2,postgres]}
 */
public final class FleetSim {

    private FleetSim() {
    }

    public static void main(String[] args) throws Exception {
        int agentCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int[] intervals = java.util.stream.Stream.of((args.length > 2 ? args[2] : "10").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        String[] dbs = (args.length > 4 ? args[4] : "h2,postgres").split(",");
        System.out.printf("fleet: %d agents, %d s per run, poll interval(s) %s s ±10 %%, %d client threads, %d cores%n",
                agentCount, seconds, Arrays.toString(intervals), connections, Runtime.getRuntime().availableProcessors());
        for (String db : dbs) {
            // The server's configured interval is the first one; replies' pollAfterSeconds is not used by the agents.
            try (BenchServer server = BenchServer.start(db, Duration.ofSeconds(intervals[0]), 16)) {
                long t0 = System.nanoTime();
                List<Agent> agents = server.enroll(agentCount, 2);
                long enrolledBytes = server.databaseBytes();
                System.out.printf("%s: %d agents enrolled through the store in %.1f s; database %.2f MB%n",
                        server.name, agentCount, (System.nanoTime() - t0) / 1e9, enrolledBytes / 1e6);
                for (int intervalSeconds : intervals) {
                    String loadBefore = BenchServer.load();
                    simulate(server, agents, seconds, intervalSeconds, connections, loadBefore);
                }
            }
        }
    }

    private static void simulate(BenchServer server, List<Agent> agents, int seconds, int intervalSeconds,
            int connections, String loadBefore) throws Exception {
        long intervalNanos = intervalSeconds * 1_000_000_000L;
        int capacity = (int) (agents.size() * (seconds / (intervalSeconds * 0.9) + 2));
        long[] latencies = new long[capacity];
        long[] lags = new long[capacity];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong shed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        ScheduledThreadPoolExecutor clients = new ScheduledThreadPoolExecutor(connections);
        clients.setRemoveOnCancelPolicy(true);
        clients.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // shutdown() drops check-ins not yet due
        server.startCpu();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (Agent agent : agents) {
            long first = ThreadLocalRandom.current().nextLong(intervalNanos);
            schedule(clients, new Object() {
                void checkIn(long planned) {
                    long begin = System.nanoTime();
                    long next = intervalNanos;
                    try {
                        HttpResponse<String> reply = server.checkIn(agent, sequence.incrementAndGet() % 1000);
                        long took = System.nanoTime() - begin;
                        if (reply.statusCode() == 200) {
                            ok.incrementAndGet();
                            int i = recorded.getAndIncrement();
                            if (i < capacity) {
                                latencies[i] = took;
                                lags[i] = begin - planned;
                            }
                        } else if (reply.statusCode() == 503) {
                            shed.incrementAndGet();
                            next = reply.headers().firstValueAsLong("Retry-After").orElse(intervalSeconds)
                                    * 1_000_000_000L;
                        } else {
                            if (failed.getAndIncrement() < 3) {
                                System.err.println(reply.statusCode() + " " + reply.body());
                            }
                        }
                    } catch (Exception e) {
                        if (failed.getAndIncrement() < 3) {
                            System.err.println("check-in failed: " + e);
                        }
                    }
                    long jittered = (long) (next * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
                    long plannedNext = System.nanoTime() + jittered;
                    if (plannedNext < end) {
                        schedule(clients, this::checkIn, plannedNext);
                    }
                }
            }::checkIn, start + first);
        }
        long remaining = end - System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, remaining));
        double elapsed = (System.nanoTime() - start) / 1e9; // rates over the run, not the drain
        clients.shutdown(); // check-ins not yet due are dropped: every run stops by itself at the deadline
        boolean drained = clients.awaitTermination(30, TimeUnit.SECONDS);
        clients.shutdownNow();
        long[] cpu = server.stopCpu();
        int n = Math.min(recorded.get(), capacity);
        long[] sortedLatency = Arrays.copyOf(latencies, n);
        Arrays.sort(sortedLatency);
        long[] sortedLag = Arrays.copyOf(lags, n);
        Arrays.sort(sortedLag);
        long total = ok.get() + shed.get() + failed.get();
        double cpuSeconds = (cpu[0] + cpu[1]) / 1e9;
        System.out.println("| database | agents | interval s | offered/s | check-ins OK | OK/s | p50 ms | p99 ms | max ms"
                + " | p99 schedule lag ms | 503 | other errors | server CPU s (JVM threads + DB) | CPU % of 1 core |"
                + " CPU ms per check-in | DB after run MB | load before → after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf("| %s | %d | %d | %.0f | %d | %.0f | %.2f | %.2f | %.1f | %.1f | %d | %d | %.1f + %.1f |"
                        + " %.0f | %.2f | %.2f | %s → %s |%n",
                server.name, agents.size(), intervalSeconds, agents.size() / (double) intervalSeconds, ok.get(),
                ok.get() / elapsed, BenchServer.pct(sortedLatency, 50), BenchServer.pct(sortedLatency, 99),
                BenchServer.pct(sortedLatency, 100), BenchServer.pct(sortedLag, 99), shed.get(), failed.get(),
                cpu[0] / 1e9, cpu[1] / 1e9, 100 * cpuSeconds / elapsed, 1000 * cpuSeconds / Math.max(1, total),
                server.databaseBytes() / 1e6, loadBefore, BenchServer.load());
        if (!drained) {
            System.out.println("(client threads did not drain within 30 s of the deadline)");
        }
    }

    private interface Task {
        void run(long planned);
    }

    private static void schedule(ScheduledThreadPoolExecutor clients, Task task, long plannedNanos) {
        try {
            clients.schedule(() -> task.run(plannedNanos), plannedNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // past the deadline
        }
    }
}
