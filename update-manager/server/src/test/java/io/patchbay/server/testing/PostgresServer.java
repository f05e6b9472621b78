package io.patchbay.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private, throwaway PostgreSQL cluster for tests, started once per test JVM from the Debian package's
 * binaries ({@code /usr/lib/postgresql/<newest>/bin}): initdb into a temp directory, pg_ctl start on a free
 * loopback port, and stop plus delete at JVM exit. Docker is not available here, so no Testcontainers.
 *
 * <p>initdb refuses to run as root; as root (CI) the commands run as the {@code postgres} system user the
 * package creates, through {@code runuser}. Missing binaries fail the tests with the package to install:
 * a silently skipped PostgreSQL run would look green while testing nothing.
 */
public final class PostgresServer {
    public static final String USER = "patchbay";
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private static PostgresServer instance;
    private static RuntimeException startFailure;

    private final Path dir;
    private final Path bin;
    private final List<String> asOwner;
    private final int port;
    private final String password;

    private PostgresServer(Path dir, Path bin, List<String> asOwner, int port, String password) {
        this.dir = dir;
        this.bin = bin;
        this.asOwner = asOwner;
        this.port = port;
        this.password = password;
    }

    /** The JVM-wide server, started on first use; a failed start fails every later call the same way. */
    public static synchronized PostgresServer get() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException | RuntimeException e) {
                startFailure = new IllegalStateException("could not start the test PostgreSQL: " + e.getMessage(), e);
                throw startFailure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the test PostgreSQL", e);
            }
        }
        return instance;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("test database names are [a-z][a-z0-9_]*: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String password() {
        return password;
    }

    /** The loopback port the cluster listens on (a test may put a {@link TcpRelay} in front of it). */
    public int port() {
        return port;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBinaries();
        boolean root = isRoot();
        List<String> asOwner = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        Path dir = Files.createTempDirectory("patchbay-pg-");
        String password = UUID.randomUUID().toString();
        Path pwfile = Files.writeString(dir.resolve("pwfile"), password + "\n");
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        Path data = dir.resolve("data");
        run(dir, asOwner, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--no-locale", "--no-sync", "--no-instructions"), "initdb");
        int port = freeLoopbackPort();
        // Loopback only, the socket in our temp dir (not /var/run/postgresql), and durability off: a
        // throwaway cluster does not need fsync, and it saves seconds on a shared 2-core machine.
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60";
        PostgresServer server = new PostgresServer(dir, bin, asOwner, port, password);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete, "patchbay-test-postgres-stop"));
        try {
            run(dir, asOwner, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                    "-l", dir.resolve("postgres.log").toString(), "-w", "-t", String.valueOf(START_TIMEOUT_SECONDS),
                    "-o", options, "start"), "pg_ctl start");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + tail(dir.resolve("postgres.log")), e);
        }
        return server;
    }

    private static Path findBinaries() throws IOException {
        String override = System.getProperty("patchbay.postgres.bin");
        if (override != null) {
            Path bin = Path.of(override);
            if (!Files.isExecutable(bin.resolve("initdb"))) {
                throw new IllegalStateException("-Dpatchbay.postgres.bin=" + override + " has no initdb");
            }
            return bin;
        }
        return findBinaries(Path.of("/usr/lib/postgresql"));
    }

    /** The newest {@code <installRoot>/<major>/bin} that has initdb. */
    static Path findBinaries(Path installRoot) throws IOException {
        if (Files.isDirectory(installRoot)) {
            try (Stream<Path> versions = Files.list(installRoot)) {
                Path newest = versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion)).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries under " + installRoot + "/*/bin: install the"
                + " Debian package 'postgresql' (apt-get install postgresql), or set -Dpatchbay.postgres.bin=DIR");
    }

    private static int majorVersion(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        if (!id.waitFor(10, TimeUnit.SECONDS)) {
            id.destroyForcibly();
            throw new IllegalStateException("'id -u' did not finish");
        }
        return new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().equals("0");
    }

    private static int freeLoopbackPort() throws IOException {
        // Another process may take the port before postgres binds it; pg_ctl then fails with a clear log.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Runs one command as the cluster's owner with its output in a file (a pipe could be inherited by the
     * forked postmaster and never reach EOF), bounded by the start-up timeout.
     */
    private static void run(Path dir, List<String> asOwner, List<String> command, String what)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asOwner);
        full.addAll(command);
        Path output = Files.createTempFile("patchbay-pg-cmd-", ".log");
        try {
            Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(START_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + START_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output).trim());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log)";
        }
    }

    private void stopAndDelete() {
        try {
            run(dir, asOwner, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "-t", "10", "stop"), "pg_ctl stop");
        } catch (IOException | RuntimeException e) {
            System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + bin + ", 127.0.0.1:" + port + ", " + dir.toString().toLowerCase(Locale.ROOT) + "]";
    }
}
