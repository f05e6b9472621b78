package io.patchbay.server.bench;

import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.request.RequestSigner;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.EnrollmentTokens;
import io.patchbay.server.testing.PostgresServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Shared by the check-in benchmarks (not a test): one real {@link UpdateServer} on 127.0.0.1 over H2 (embedded
 * file in a temp directory) or PostgreSQL (the test {@link PostgresServer}'s private loopback cluster), clients
 * enrolled in bulk through the store, a JDK HttpClient that trusts exactly the server's certificate, the server's
 * CPU time and the database's size on disk.
 *
 * <p>Server CPU: the server runs in this JVM (the clients too), so the JVM's CPU time is not the server's. What
 * is counted is the CPU time of the server's own threads, through {@link ThreadMXBean}: Jetty's pool
 * ({@code patchbay-server-http-*}: selectors, TLS, parsing, signature verification, JSON, JDBC, and for H2 the
 * SQL itself, which embedded H2 runs on the caller's thread), H2's {@code MVStore} writer, Hikari's and the
 * server's housekeeping threads. Threads are sampled every 200 ms so a pool thread that ends mid-run keeps its
 * CPU. For PostgreSQL the database's processes are added from /proc (postmaster and backends, utime+stime, plus
 * the postmaster's cutime+cstime for backends that exited).
 */
final class BenchServer implements AutoCloseable {
    static final String CHECK_IN = "/device/v1/check-in";
    private static final String[] SERVER_THREADS = {"patchbay-server-http", "MVStore", "HikariPool",
            "patchbay-server", "patchbay-housekeeping", "patchbay-push"};

    final String name;
    final Path dataDirectory;
    final DatabaseSettings settings;
    final UpdateServer server;
    final Database database;
    final HttpClient http;
    private final ThreadCpu threadCpu = new ThreadCpu();

    private BenchServer(String name, Path dataDirectory, DatabaseSettings settings, Duration pollInterval,
            int maxInFlight) throws Exception {
        this.name = name;
        this.dataDirectory = dataDirectory;
        this.settings = settings;
        builder(pollInterval, maxInFlight).init();
        this.server = builder(pollInterval, maxInFlight).start();
        this.database = Database.open(settings);
        this.http = HttpClient.newBuilder().sslContext(trusting()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private UpdateServer.Builder builder(Duration pollInterval, int maxInFlight) {
        return UpdateServer.builder(dataDirectory).database(settings.jdbcUrl(), settings.user(), settings.password())
                .bindHost("127.0.0.1").pollInterval(pollInterval).maxInFlight(maxInFlight);
    }

    /** "h2" or "postgres"; the data directory (keys, certificate, H2 file) is a fresh temp directory. */
    static BenchServer start(String db, Duration pollInterval, int maxInFlight) throws Exception {
        Path dir = Files.createTempDirectory("patchbay-ingest-" + db + "-");
        switch (db) {
            case "h2":
                return new BenchServer("H2", dir, DatabaseSettings.embedded(dir), pollInterval, maxInFlight);
            case "postgres":
                PostgresServer postgres = PostgresServer.get();
                String url = postgres.createDatabase("bench_" + Long.toHexString(System.nanoTime()));
                return new BenchServer("PostgreSQL", dir,
                        DatabaseSettings.of(url, PostgresServer.USER, postgres.password()), pollInterval, maxInFlight);
            default:
                throw new IllegalArgumentException("database is h2 or postgres: " + db);
        }
    }

    /** An enrolled client: its id and a signer with its key (each {@code sign} draws a fresh nonce). */
    record Agent(String clientId, RequestSigner signer) {
    }

    /**
     * Enrolls {@code count} clients through the store (a one-time token issued, then consumed by the enrollment
     * with fresh Ed25519 + X25519 keys, two transactions per client: what {@code /device/v1/enroll} does minus
     * HTTPS), on {@code threads} threads. Fast enough for 10,000 clients; the HTTPS enrollment path is covered by
     * the device API tests, not benchmarked here.
     */
    List<Agent> enroll(int count, int threads) throws Exception {
        Clock clock = Clock.systemUTC();
        EnrollmentTokens tokens = new EnrollmentTokens(database, clock);
        Clients clients = new Clients(database, clock);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Agent>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = count / threads + (t < count % threads ? 1 : 0);
                parts.add(pool.submit(() -> {
                    SecureRandom random = new SecureRandom();
                    List<Agent> agents = new ArrayList<>(share);
                    for (int i = 0; i < share; i++) {
                        SigningKeyPair signing = SigningKeyPair.generate(random);
                        SealingKeyPair sealing = SealingKeyPair.generate(random);
                        String token = tokens.issue("stable", Duration.ofHours(1)).token();
                        String id = clients.enroll(token, signing.publicKey().raw(), sealing.publicKey().raw()).id();
                        agents.add(new Agent(id, new RequestSigner(id, signing, clock, new SecureRandom())));
                    }
                    return agents;
                }));
            }
            List<Agent> all = new ArrayList<>(count);
            for (Future<List<Agent>> part : parts) {
                all.addAll(part.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A check-in body like an agent's: patch level, one bundle, host facts, channel. */
    static byte[] checkInBody(long sequence) {
        return ("{\"patchSequence\":" + sequence + ",\"bundles\":[{\"symbolicName\":\"io.patchbay.greeter\","
                + "\"version\":\"1.0." + sequence + "\"}],\"facts\":{\"os\":\"linux\",\"cpus\":2},"
                + "\"channel\":\"stable\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Signs (fresh timestamp and nonce) and sends one check-in; returns the response. */
    HttpResponse<String> checkIn(Agent agent, long sequence) throws IOException, InterruptedException {
        byte[] body = checkInBody(sequence);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + CHECK_IN))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        agent.signer().sign("POST", CHECK_IN, body).asMap().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts counting server CPU from now. */
    void startCpu() throws Exception {
        threadCpu.start();
    }

    /** Server CPU since {@link #startCpu()}: [JVM server threads ns, database processes ns (PostgreSQL only)]. */
    long[] stopCpu() throws Exception {
        return threadCpu.stop();
    }

    /** Bytes on disk: the H2 file(s) or {@code pg_database_size}. */
    long databaseBytes() throws Exception {
        if (settings.jdbcUrl().startsWith("jdbc:h2:")) {
            try (Stream<Path> files = Files.list(dataDirectory)) {
                return files.filter(p -> p.getFileName().toString().startsWith("patchbay.") && p.toString()
                        .endsWith(".db")).mapToLong(p -> p.toFile().length()).sum();
            }
        }
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long count(String table) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** CPU time of the PostgreSQL cluster's processes (ns), or 0 for H2. */
    private long databaseProcessCpuNanos() throws Exception {
        if (!settings.jdbcUrl().startsWith("jdbc:postgresql:")) {
            return 0;
        }
        String dataDir;
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            dataDir = rs.getString(1);
        }
        long postmaster = Long.parseLong(Files.readAllLines(Path.of(dataDir, "postmaster.pid")).get(0).strip());
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String pid = proc.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] f;
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                } catch (IOException | RuntimeException gone) {
                    continue;
                }
                // f[0] is field 3 (state): ppid is f[1], utime f[11], stime f[12], cutime f[13], cstime f[14].
                long self = Long.parseLong(pid);
                if (self == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14]);
                } else if (Long.parseLong(f[1]) == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks * 10_000_000L; // CLK_TCK = 100 on Linux
    }

    SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws IOException {
        try {
            threadCpu.close();
            server.close();
        } finally {
            database.close();
            try (Stream<Path> walk = Files.walk(dataDirectory)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Sums the CPU time of the server's threads, sampled so that threads ending mid-run still count. */
    private final class ThreadCpu implements AutoCloseable {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> atStart = new HashMap<>();
        private final Map<Long, Long> latest = new HashMap<>();
        private ScheduledExecutorService sampler;
        private long dbAtStart;

        synchronized void start() throws Exception {
            atStart.clear();
            latest.clear();
            sample(atStart);
            dbAtStart = databaseProcessCpuNanos();
            sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-cpu-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(() -> {
                synchronized (this) {
                    sample(latest);
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
        }

        synchronized long[] stop() throws Exception {
            sampler.shutdownNow();
            sample(latest);
            long total = 0;
            for (Map.Entry<Long, Long> e : latest.entrySet()) {
                total += e.getValue() - atStart.getOrDefault(e.getKey(), 0L);
            }
            return new long[] {total, databaseProcessCpuNanos() - dbAtStart};
        }

        private void sample(Map<Long, Long> into) {
            long[] ids = threads.getAllThreadIds();
            ThreadInfo[] infos = threads.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] == null || Arrays.stream(SERVER_THREADS).noneMatch(infos[i].getThreadName()::startsWith)) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(ids[i]);
                if (cpu >= 0) {
                    into.put(ids[i], cpu);
                }
            }
        }

        @Override
        public synchronized void close() {
            if (sampler != null) {
                sampler.shutdownNow();
            }
        }
    }

    /** Percentile of sorted nanos, in ms. */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    /** The machine's 1-minute load average, from /proc/loadavg. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
