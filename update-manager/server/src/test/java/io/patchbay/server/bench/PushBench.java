package io.patchbay.server.bench;

import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.server.testing.DataDirectories;
import io.patchbay.server.testing.PostgresServer;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.Root;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Push fan-out (issue 8, "Benchmarks"): {@code clients} light clients (see {@link LightPushClients}) hold their push
 * streams open to one node (H2) or to two nodes on one PostgreSQL (clients split evenly, pushes created through node
 * A, so half of them cross LISTEN/NOTIFY). Each node runs in its own JVM ({@link PushBenchNode}) so its memory and
 * CPU are its own. Measured, per configuration:
 * <ul>
 *   <li>memory per idle connection: the node's heap after a full GC and its resident set, with every client
 *       connected minus before any, divided by the clients on that node;</li>
 *   <li>CPU while idle: the node's process CPU over {@code idleSeconds} with every stream open (keepalives only);</li>
 *   <li>delivery of {@code CHECK_NOW} to every client ({@code all: true}, one admin request): from just before the
 *       request to each client's receipt of its sealed push, p50 / p99 / max, over {@code rounds} pushes; then every
 *       received push is opened with its client's key (all must be valid).</li>
 * </ul>
 * Not part of any test run; see bench/push.sh. Usage:
 * {@code PushBench [clients=1000,10000] [configs=h2,postgres2] [rounds=3] [idleSeconds=20]}
 */
public final class PushBench {

    private PushBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Stream.of((args.length > 0 ? args[0] : "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        String[] configs = (args.length > 1 ? args[1] : "h2,postgres2").split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int idleSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        System.out.printf("push fan-out: clients %s, configs %s, %d pushes each, %d cores, client JVM %s%n",
                java.util.Arrays.toString(sizes), String.join(",", configs), rounds,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        for (String config : configs) {
            for (int size : sizes) {
                run(config, size, rounds, idleSeconds);
            }
        }
    }

    private static void run(String config, int clients, int rounds, int idleSeconds) throws Exception {
        Path work = Files.createTempDirectory("patchbay-push-bench-");
        List<Node> nodes = new ArrayList<>();
        try {
            String jdbc = "h2";
            String password = "";
            if (config.startsWith("postgres")) {
                PostgresServer postgres = PostgresServer.get();
                jdbc = postgres.createDatabase("push_" + Long.toHexString(System.nanoTime()));
                password = postgres.password();
            }
            int nodeCount = config.equals("postgres2") ? 2 : 1;
            Path keys = work.resolve("clients.keys");
            long t0 = System.nanoTime();
            Node a = Node.start(work.resolve("node-a"), jdbc, password, "a", true, clients, keys);
            nodes.add(a);
            System.out.printf("%s, %d clients: node a up, %d clients enrolled through the store in %.1f s%n",
                    config, clients, clients, (System.nanoTime() - t0) / 1e9);
            if (nodeCount == 2) {
                DataDirectories.copy(work.resolve("node-a"), work.resolve("node-b"));
                nodes.add(Node.start(work.resolve("node-b"), jdbc, password, "b", false, 0, keys));
            }
            Map<String, long[]> idleMem = new TreeMap<>();
            for (Node node : nodes) {
                idleMem.put(node.id, node.memory());
            }
            SSLContext tls = trusting(a.certificate);
            try (LightPushClients light = new LightPushClients(LightPushClients.read(keys), tls)) {
                URI[] uris = nodes.stream().map(n -> URI.create("https://127.0.0.1:" + n.port)).toArray(URI[]::new);
                long c0 = System.nanoTime();
                int connected = light.connect(uris, 200, Duration.ofMinutes(3));
                System.out.printf("  connected %d/%d streams in %.1f s (%d answered 503 and retried; %d failed: %s; read by %s)%n",
                        connected, clients, (System.nanoTime() - c0) / 1e9, light.retried(), light.failures(),
                        light.failureReasons(), light.transport());
                Thread.sleep(3000);
                for (Node node : nodes) {
                    long[] before = idleMem.get(node.id);
                    long[] after = node.memory();
                    int onNode = clients / nodeCount;
                    System.out.printf("  node %s idle with %d streams: heap %.1f MB (+%.1f KiB/stream), RSS %.1f MB "
                                    + "(+%.1f KiB/stream), direct %.1f MB, %d threads%n", node.id, onNode, after[0] / 1e6,
                            (after[0] - before[0]) / 1024.0 / onNode, after[1] / 1e6, (after[1] - before[1]) / 1024.0 / onNode,
                            after[2] / 1e6, after[3]);
                }
                for (Node node : nodes) {
                    node.startCpu();
                }
                Thread.sleep(idleSeconds * 1000L);
                for (Node node : nodes) {
                    System.out.printf("  node %s CPU while idle: %.2f %% of one core over %d s%n", node.id,
                            node.cpuSince() / 1e7 / idleSeconds, idleSeconds);
                }
                List<SigningPublicKey> pushKeys = pushKeys(work.resolve("node-a"));
                HttpClient admin = HttpClient.newBuilder().sslContext(tls).build();
                for (int round = 1; round <= rounds; round++) {
                    light.resetPushes();
                    for (Node node : nodes) {
                        node.startCpu();
                    }
                    long clientCpu = processCpuNanos();
                    long sent = System.currentTimeMillis();
                    HttpResponse<String> created = admin.send(HttpRequest.newBuilder(URI.create(uris[0] + "/admin/v1/pushes"))
                            .header("Authorization", "Bearer " + a.token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"CHECK_NOW\",\"all\":true}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long answered = System.currentTimeMillis() - sent;
                    int got = light.awaitPushes(connected, Duration.ofSeconds(30));
                    long[] ms = light.deliveries(sent);
                    clientCpu = processCpuNanos() - clientCpu;
                    StringBuilder cpu = new StringBuilder();
                    for (Node node : nodes) {
                        cpu.append("node ").append(node.id).append(' ').append(node.cpuSince() / 1_000_000).append(" ms, ");
                    }
                    int valid = light.openAll(pushKeys);
                    System.out.printf("  push %d (admin answered %d in %d ms): delivered to %d/%d; p50 %d ms, p99 %d ms, "
                                    + "max %d ms; %d opened as valid pushes for their client%n", round, created.statusCode(),
                            answered, got, connected, pct(ms, 50), pct(ms, 99), ms.length == 0 ? -1 : ms[ms.length - 1], valid);
                    // both sides share the machine's cores: what each used until the last delivery (or the timeout)
                    System.out.printf("    CPU until then: %sclients %d ms%n", cpu, clientCpu / 1_000_000);
                    Thread.sleep(1000);
                }
            }
        } finally {
            for (Node node : nodes) {
                node.close();
            }
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    private static List<SigningPublicKey> pushKeys(Path dataDir) throws IOException {
        Path metadata = dataDir.resolve("repository/metadata");
        Path newest;
        try (Stream<Path> files = Files.list(metadata)) {
            newest = files.filter(p -> p.getFileName().toString().matches("\\d+\\.root\\.json"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().split("\\.")[0])))
                    .orElseThrow();
        }
        return Root.of(Metadata.parse(Files.readAllBytes(newest))).pushKeys().stream()
                .map(SigningPublicKey::fromBase64Url).toList();
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A node JVM and its command channel. */
    private static final class Node implements AutoCloseable {
        final String id;
        final Process process;
        final BufferedReader out;
        final PrintWriter in;
        int port;
        String token;
        X509Certificate certificate;
        private long cpuAtStart;

        private Node(String id, Process process) {
            this.id = id;
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Node start(Path dir, String jdbc, String password, String id, boolean init, int enroll, Path keys)
                throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String nodeJava = System.getenv().getOrDefault("NODE_JAVA", java);
            List<String> command = List.of(nodeJava, "-Xms256m", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.io.patchbay.server.impl.push.PushFanout=info",
                    "-cp", System.getProperty("java.class.path"), PushBenchNode.class.getName(), dir.toString(), jdbc,
                    jdbc.equals("h2") ? "" : PostgresServer.USER, password, id, Boolean.toString(init),
                    Integer.toString(enroll), keys.toString());
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Node node = new Node(id, process);
            String line;
            while ((line = node.out.readLine()) != null && !line.startsWith("ready ")) {
                System.out.println("  [node " + id + "] " + line);
            }
            if (line == null) {
                throw new IllegalStateException("node " + id + " ended before it was ready");
            }
            for (String field : line.substring(6).split(" ")) {
                String[] kv = field.split("=", 2);
                switch (kv[0]) {
                    case "port" -> node.port = Integer.parseInt(kv[1]);
                    case "token" -> node.token = kv[1];
                    case "cert" -> node.certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(Files.newInputStream(Path.of(kv[1])));
                    default -> { }
                }
            }
            return node;
        }

        private String ask(String command) throws IOException {
            in.println(command);
            return out.readLine();
        }

        /** [heap after GC, RSS, direct, threads] */
        long[] memory() throws IOException {
            long[] result = new long[4];
            for (String field : ask("mem").substring(4).split(" ")) {
                String[] kv = field.split("=");
                int i = switch (kv[0]) {
                    case "heap" -> 0;
                    case "rss" -> 1;
                    case "direct" -> 2;
                    default -> 3;
                };
                result[i] = Long.parseLong(kv[1]);
            }
            return result;
        }

        void startCpu() throws IOException {
            cpuAtStart = Long.parseLong(ask("cpu").substring(4));
        }

        long cpuSince() throws IOException {
            return Long.parseLong(ask("cpu").substring(4)) - cpuAtStart;
        }

        @Override
        public void close() throws Exception {
            in.println("quit");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
