package io.patchbay.server.bench;

import io.patchbay.server.bench.BenchServer.Agent;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminRole;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.net.ssl.SSLSocket;

/**
 * Push fan-out (issue 8, "Benchmarks"): {@code clients} light SSE clients in this JVM (one blocking TLS socket and one
 * small-stack thread each; not agents) hold {@code GET /device/v1/push} on one node; then {@code rounds} times a
 * {@code CHECK_NOW} to all is created through the admin API and the time from the POST to each client's receipt of
 * its sealed message is recorded (p50, p99, max: the last client). Also: heap used per idle connection (server and
 * client side together, both in this JVM: an upper bound for the server's share) and the server threads' CPU while
 * every stream is idle (keepalives only) for {@code idle-s} seconds.
 *
 * <p>Not part of any test run; see bench/push.sh. Usage:
 * {@code PushBench [clients=1000] [rounds=3] [idle-s=30] [db=h2|postgres] [keepalive-s=25]}
 */
public final class PushBench {
    private static final String PATH = "/device/v1/push";

    private PushBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String db = args.length > 3 ? args[3] : "h2";
        System.out.printf("push: %d clients, %d rounds, %s, %d cores, load %s%n", clients, rounds, db,
                Runtime.getRuntime().availableProcessors(), BenchServer.load());
        try (BenchServer server = BenchServer.start(db, Duration.ofMinutes(5), 64)) {
            List<Agent> agents = server.enroll(clients, 4);
            String token = new AdminTokens(server.database, Clock.systemUTC()).create(AdminRole.OPERATOR, "bench").token();
            long heapBefore = usedHeap();
            AtomicLongArray arrivals = new AtomicLongArray(clients);
            AtomicInteger received = new AtomicInteger();
            CountDownLatch hellos = new CountDownLatch(clients);
            long connectStart = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                int index = i;
                Thread client = new Thread(null, () -> stream(server, agents.get(index), hellos, arrivals, index,
                        received), "bench-sse-" + i, 256 * 1024);
                client.setDaemon(true);
                client.start();
            }
            if (!hellos.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException(hellos.getCount() + " clients never got their hello");
            }
            System.out.printf("connected %d streams in %.1f s%n", clients, (System.nanoTime() - connectStart) / 1e9);
            long heapAfter = usedHeap();
            System.out.printf("heap per idle stream (server + client): %.1f KiB%n",
                    (heapAfter - heapBefore) / 1024.0 / clients);

            server.startCpu();
            TimeUnit.SECONDS.sleep(idleSeconds);
            long[] cpu = server.stopCpu();
            System.out.printf("idle: server threads %.2f %% of one core over %d s%n",
                    cpu[0] / 1e9 / idleSeconds * 100, idleSeconds);

            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < clients; i++) {
                    arrivals.set(i, 0);
                }
                received.set(0);
                long start = System.nanoTime();
                HttpResponse<String> created = server.http.send(HttpRequest.newBuilder(URI.create(server.server.baseUri()
                        + "/admin/v1/pushes")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"CHECK_NOW\",\"all\":true}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("push refused: " + created.body());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (received.get() < clients && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                long[] latencies = new long[clients];
                int got = 0;
                for (int i = 0; i < clients; i++) {
                    long at = arrivals.get(i);
                    if (at != 0) {
                        latencies[got++] = at - start;
                    }
                }
                long[] sorted = Arrays.copyOf(latencies, got);
                Arrays.sort(sorted);
                System.out.printf("round %d: %d/%d delivered; p50 %.0f ms, p99 %.0f ms, last %.0f ms%n", round, got,
                        clients, BenchServer.pct(sorted, 50), BenchServer.pct(sorted, 99), BenchServer.pct(sorted, 100));
            }
        }
        System.exit(0); // the client threads block in reads
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** One client: opens the stream (retrying on 503 after Retry-After with jitter) and records push arrivals. */
    private static void stream(BenchServer server, Agent agent, CountDownLatch hellos, AtomicLongArray arrivals,
            int index, AtomicInteger received) {
        boolean helloSeen = false;
        while (true) {
            try (SSLSocket socket = (SSLSocket) server.trusting().getSocketFactory().createSocket("127.0.0.1",
                    server.server.port())) {
                StringBuilder request = new StringBuilder("GET " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\n");
                for (Map.Entry<String, String> header : agent.signer().sign("GET", PATH, new byte[0]).asMap().entrySet()) {
                    request.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
                }
                OutputStream out = socket.getOutputStream();
                out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String status = in.readLine();
                if (status == null || !status.startsWith("HTTP/1.1 200")) {
                    TimeUnit.MILLISECONDS.sleep(1000 + ThreadLocalRandom.current().nextInt(4000));
                    continue;
                }
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("event: hello") && !helloSeen) {
                        helloSeen = true;
                        hellos.countDown();
                    } else if (line.equals("event: push")) {
                        arrivals.compareAndSet(index, 0, System.nanoTime());
                        received.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                try {
                    TimeUnit.MILLISECONDS.sleep(1000 + ThreadLocalRandom.current().nextInt(4000));
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
