package io.patchbay.operator.cli;

import static io.patchbay.operator.cli.CliServer.accepts;
import static io.patchbay.operator.cli.CliServer.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server init|start} on PostgreSQL, as production runs: init records the URL and user (never the password)
 * in operator.json, start reuses them, the password comes from an owner-only file, and everything the server stores
 * lands in PostgreSQL, not in an H2 file in the data directory.
 */
class PostgresServerCommandsTest {
    @TempDir
    Path temp;

    @Test
    void initAndStartOnPostgresqlKeepThePasswordOutOfTheConfig() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.createDatabase("cli_" + Long.toHexString(System.nanoTime()));
        Path passwordFile = Files.writeString(temp.resolve("db-password"), postgres.password() + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Path data = temp.resolve("data");
        int port = freePort();

        CliRun init = CliRun.run("server", "init", "--data", data.toString(), "--port", Integer.toString(port),
                "--db-url", url, "--db-user", PostgresServer.USER, "--db-password-file", passwordFile.toString());
        assertEquals(0, init.exit(), init.toString());
        String config = Files.readString(data.resolve(OperatorConfig.FILE_NAME));
        assertTrue(config.contains(url) && config.contains(PostgresServer.USER), config);
        assertFalse(config.contains(postgres.password()), "the database password is never written to the config");

        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread server = new Thread(() -> exit.set(CliRun.run(running -> {
            stop.await();
            running.close();
        }, "server", "start", "--data", data.toString(), "--db-password-file", passwordFile.toString()).exit()));
        server.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!accepts(port)) {
                assertTrue(System.nanoTime() < deadline && server.isAlive(), "the server did not start: exit " + exit);
                Thread.sleep(50);
            }
            List<String> admin = List.of("--config", data.resolve(OperatorConfig.FILE_NAME).toString());
            CliRun token = CliRun.run(CliRun.args(admin, "enroll-token", "--channel", "pg", "--json"));
            assertEquals(0, token.exit(), token.toString());
            JsonNode issued = OperatorCliTest.JSON.readTree(token.out());
            assertEquals("pg", issued.get("channel").asText());
        } finally {
            stop.countDown();
            server.join(20_000);
        }
        assertEquals(0, exit.get());
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, postgres.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT channel FROM enrollment_tokens")) {
            assertTrue(rs.next(), "the token was stored in PostgreSQL");
            assertEquals("pg", rs.getString(1));
        }
        try (var files = Files.list(data)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".mv.db")), "no H2 file was created");
        }
    }

    @Test
    void aPasswordFileOthersCanReadIsRefusedAndNothingIsInitialised() throws Exception {
        Path passwordFile = Files.writeString(temp.resolve("db-password"), "secret\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
        Path data = temp.resolve("data");
        CliRun init = CliRun.run("server", "init", "--data", data.toString(), "--db-url",
                "jdbc:postgresql://127.0.0.1:1/none", "--db-user", "x", "--db-password-file", passwordFile.toString());
        assertEquals(CliException.FAILED, init.exit(), init.toString());
        assertTrue(init.oneErrorLine().contains("owner-only"), init.err());
        assertFalse(Files.exists(data.resolve(OperatorConfig.FILE_NAME)));
    }

    @Test
    void databaseOptionsWithoutAUrlAreAUsageError() {
        CliRun init = CliRun.run("server", "init", "--data", temp.resolve("data").toString(), "--db-user", "x");
        assertEquals(CliException.USAGE, init.exit(), init.toString());
        assertTrue(init.oneErrorLine().contains("--db-url"), init.err());
        CliRun timeout = CliRun.run("server", "init", "--data", temp.resolve("data").toString(), "--db-timeout", "0");
        assertEquals(CliException.USAGE, timeout.exit(), timeout.toString());
    }
}
