package io.patchbay.server.bench;

import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.PushSettings;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.EnrollmentTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * One update-server node for {@link PushBench}, in its own JVM so that its memory and CPU are its own. Started by
 * the bench, it prints one {@code ready ...} line, then answers commands on stdin, one line each:
 * {@code mem} (heap after GC, RSS, direct buffers, threads), {@code cpu} (process CPU ns), {@code quit}.
 *
 * <p>Args: {@code dataDir jdbcUrl|h2 user password nodeId init(true|false) enroll(N) keysFile}. With
 * {@code init} it initialises the data directory first (keys, root, admin token); with {@code enroll > 0} it
 * enrolls that many clients through the store and writes their ids and private keys (generated here, throwaway,
 * owner-only file) for the bench's light clients.
 */
public final class PushBenchNode {

    private PushBenchNode() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        DatabaseSettings db = "h2".equals(args[1]) ? DatabaseSettings.embedded(dir) : DatabaseSettings.of(args[1], args[2], args[3]);
        String nodeId = args[4];
        boolean init = Boolean.parseBoolean(args[5]);
        int enroll = Integer.parseInt(args[6]);
        Path keysFile = Path.of(args[7]);
        PushSettings push = PushSettings.defaults().withNodeId(nodeId).withMaxConnections(30_000);
        UpdateServer.Builder builder = UpdateServer.builder(dir).database(db.jdbcUrl(), db.user(), db.password())
                .bindHost("127.0.0.1").pollInterval(Duration.ofMinutes(10)).push(push);
        String token = "-";
        if (init) {
            InitResult result = builder.init();
            token = result.adminToken();
        }
        try (UpdateServer server = builder.start(); Database database = Database.open(db)) {
            if (enroll > 0) {
                enroll(database, enroll, keysFile);
            }
            Path cert = dir.resolve("bench-server-cert.pem");
            Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(server.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            System.out.println("ready port=" + server.port() + " token=" + token + " cert=" + cert);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                System.out.println(switch (line) {
                    case "mem" -> memory();
                    case "cpu" -> "cpu " + ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime();
                    default -> "error unknown command " + line;
                });
                System.out.flush();
            }
        }
    }

    /** Two threads, two small transactions per client (a token issued, then consumed by the enrollment). */
    private static void enroll(Database database, int count, Path keysFile) throws Exception {
        Clock clock = Clock.systemUTC();
        EnrollmentTokens tokens = new EnrollmentTokens(database, clock);
        Clients clients = new Clients(database, clock);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.List<java.util.concurrent.Future<String>> lines = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(pool.submit(() -> {
                SecureRandom random = new SecureRandom();
                SigningKeyPair signing = SigningKeyPair.generate(random);
                SealingKeyPair sealing = SealingKeyPair.generate(random);
                String token = tokens.issue("stable", Duration.ofHours(1)).token();
                String id = clients.enroll(token, signing.publicKey().raw(), sealing.publicKey().raw()).id();
                Base64.Encoder b64 = Base64.getEncoder();
                return id + " " + b64.encodeToString(signing.pkcs8()) + " " + b64.encodeToString(sealing.pkcs8()) + "\n";
            }));
        }
        Files.deleteIfExists(keysFile);
        Files.createFile(keysFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(keysFile)) {
            for (java.util.concurrent.Future<String> line : lines) {
                out.write(line.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Heap used after a full GC, the process's resident set, direct buffers and live threads. */
    private static String memory() throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long rssKb = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        return "mem heap=" + heap + " rss=" + rssKb * 1024 + " direct=" + direct + " threads="
                + ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
