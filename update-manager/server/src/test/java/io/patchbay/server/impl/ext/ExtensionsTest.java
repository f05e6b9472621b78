package io.patchbay.server.impl.ext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.http.HttpsServer;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.http.TlsIdentity;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.spi.ClientNotifier;
import io.patchbay.server.spi.ExtensionContext;
import io.patchbay.server.spi.ExtensionRefusal;
import io.patchbay.server.spi.ExtensionReply;
import io.patchbay.server.spi.ExtensionRoutes;
import io.patchbay.server.spi.ServerExtension;
import io.patchbay.server.store.AdminRole;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.server.testing.AdminHttp;
import io.patchbay.server.testing.PinnedHttps;
import io.patchbay.server.testing.PostgresServer;
import io.patchbay.testsupport.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension SPI: own migrations and history, path rules, all-or-nothing start, admin auth and refusals over HTTPS. */
class ExtensionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    /** A configurable test extension. */
    static class TestExtension implements ServerExtension {
        final String id;
        final BiConsumer<ExtensionContext, ExtensionRoutes> body;
        final List<String> events;

        TestExtension(String id, List<String> events, BiConsumer<ExtensionContext, ExtensionRoutes> body) {
            this.id = id;
            this.events = events;
            this.body = body;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String migrationLocation() {
            return "db/exttest";
        }

        @Override
        public void start(ExtensionContext context, ExtensionRoutes routes) {
            events.add("start " + id);
            body.accept(context, routes);
        }

        @Override
        public void close() {
            events.add("close " + id);
        }
    }

    private Extensions.Host host(Database database) {
        return new Extensions.Host(database, new AdminAuth(new AdminTokens(database, clock)), clock, dir, ClientNotifier.NONE);
    }

    @Test
    void migratesWithItsOwnHistoryOnH2() throws Exception {
        try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
            assertOwnHistory(database, 2);
        }
    }

    @Test
    void migratesWithItsOwnHistoryAndVendorFolderOnPostgres() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.createDatabase("ext_" + Long.toHexString(System.nanoTime()));
        try (Database database = Database.open(DatabaseSettings.of(url, PostgresServer.USER, postgres.password()))) {
            assertOwnHistory(database, 3);
        }
    }

    private void assertOwnHistory(Database database, int expectedVersion) throws Exception {
        List<String> events = new ArrayList<>();
        TestExtension extension = new TestExtension("exttest", events, (context, routes) -> {
            try {
                context.inTransaction(c -> {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO exttest_notes (id, body, author) VALUES (?, 'hello', 'me')")) {
                        insert.setString(1, java.util.UUID.randomUUID().toString());
                        return insert.executeUpdate();
                    }
                });
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Extensions.start(List.of(extension), host(database), Set.of()).close();
        // A second start (a restart) applies nothing new and keeps the data.
        Extensions.start(List.of(extension), host(database), Set.of()).close();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT MAX(CAST(\"version\" AS INT)) FROM \"exttest_schema_history\""
                    + " WHERE \"success\" = TRUE AND \"type\" <> 'BASELINE'")) {
                assertTrue(rs.next());
                assertEquals(expectedVersion, rs.getInt(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"script\" LIKE '%notes%'")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "the server's history knows nothing of the extension");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM exttest_notes")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
        }
        assertEquals(List.of("start exttest", "close exttest", "start exttest", "close exttest"), events);
        Path privateDir = dir.resolve("extensions/exttest");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir)));
    }

    @Test
    void aFailedMigrationStopsTheStartAndClosesWhatStarted() throws Exception {
        try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
            List<String> events = new ArrayList<>();
            ServerExtension broken = new TestExtension("exttestbroken", events, (c, r) -> { }) {
                @Override
                public String migrationLocation() {
                    return "db/exttestbroken";
                }
            };
            io.patchbay.server.store.StoreException failure = assertThrows(io.patchbay.server.store.StoreException.class,
                    () -> Extensions.start(List.of(new TestExtension("exttest", events, (c, r) -> { }), broken),
                            host(database), Set.of()));
            assertTrue(failure.getMessage().contains("exttestbroken_schema_history"), failure.getMessage());
            assertEquals(List.of("start exttest", "close exttest"), events, "the broken one never started");
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM admin_tokens")) {
                assertTrue(rs.next(), "the server's own schema is intact");
            }
        }
    }

    @Test
    void lockContentionIsRetryableAndOtherSqlFailuresAreNot() {
        for (String state : new String[] {"HYT00", "55P03", "40001", "40P01"}) {
            assertTrue(Adapter.contended(new java.sql.SQLException("contended", state)), state);
        }
        java.sql.SQLException chained = new java.sql.SQLException("batch", "22000");
        chained.setNextException(new java.sql.SQLException("deadlock", "40P01"));
        assertTrue(Adapter.contended(chained));
        assertFalse(Adapter.contended(new java.sql.SQLException("syntax", "42000")));
        assertFalse(Adapter.contended(new java.sql.SQLException("no state")));
    }

    @Test
    void refusesBadIdsTakenPathsAndPathsOutsideItsPrefix() throws Exception {
        try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
            List<String> events = new ArrayList<>();
            String badId = assertThrows(IllegalStateException.class, () -> Extensions.start(List.of(
                    new TestExtension("Bad-Id", events, (c, r) -> { })), host(database), Set.of())).getMessage();
            assertTrue(badId.contains("invalid id"), badId);
            String taken = assertThrows(IllegalStateException.class, () -> Extensions.start(List.of(
                    new TestExtension("exttest", events, (c, r) -> r.admin("GET", "/admin/v1/fleet", 0,
                            AdminRole.READ_ONLY, request -> ExtensionReply.ok(Map.of())))), host(database),
                    Set.of("/admin/v1/fleet"))).getMessage();
            assertTrue(taken.contains("already served"), taken);
            String outside = assertThrows(IllegalStateException.class, () -> Extensions.start(List.of(
                    new TestExtension("exttest", events, (c, r) -> r.device("POST", "/device/v1/check-in", 100,
                            request -> ExtensionReply.ok(Map.of())))), host(database), Set.of())).getMessage();
            assertTrue(outside.contains("under /exttest/"), outside);
            String twice = assertThrows(IllegalStateException.class, () -> Extensions.start(List.of(
                    new TestExtension("exttest", events, (c, r) -> { }), new TestExtension("exttest", events, (c, r) -> { })),
                    host(database), Set.of())).getMessage();
            assertTrue(twice.contains("two extensions"), twice);
            // Every failed start closed what it had started: all or nothing.
            assertEquals(events.stream().filter(e -> e.startsWith("start")).count(),
                    events.stream().filter(e -> e.startsWith("close")).count(), events.toString());
        }
    }

    @Test
    void adminRoutesCheckTokenAndRoleAndRefusalsKeepTheirReason() throws Exception {
        try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
            AdminTokens tokens = new AdminTokens(database, clock);
            String operator = tokens.create(AdminRole.OPERATOR, "op").token();
            String reader = tokens.create(AdminRole.READ_ONLY, "ro").token();
            List<String> seenCallers = new ArrayList<>();
            TestExtension extension = new TestExtension("exttest", new ArrayList<>(), (context, routes) -> {
                routes.admin("GET", "/admin/v1/exttest/read", 0, AdminRole.READ_ONLY, request -> {
                    seenCallers.add(request.admin().orElseThrow().role().name());
                    return ExtensionReply.ok(Map.of("q", String.valueOf(request.query("q"))));
                });
                routes.admin("POST", "/admin/v1/exttest/change", 1024, AdminRole.OPERATOR, request -> {
                    record Body(String name) { }
                    Body body = request.json(Body.class);
                    if ("nope".equals(body.name())) {
                        throw new ExtensionRefusal(429, "slow_down", "too many", 7);
                    }
                    return ExtensionReply.created(Map.of("name", body.name()));
                });
                routes.device("POST", "/exttest/v1/hello", 16, request -> ExtensionReply.ok(Map.of("ok", true)));
            });
            try (Extensions extensions = Extensions.start(List.of(extension), host(database), Set.of())) {
                TlsIdentity identity = TlsIdentity.generate(dir.resolve("tls-home"), clock, new SecureRandom());
                Map<String, Route> routes = extensions.routes();
                try (HttpsServer https = HttpsServer.start(identity, "127.0.0.1", 0, routes, 4)) {
                    HttpClient http = client(identity);
                    URI base = https.baseUri();
                    assertEquals(401, send(http, base, "GET", "/admin/v1/exttest/read", null, null).statusCode());
                    HttpResponse<String> read = send(http, base, "GET", "/admin/v1/exttest/read?q=x", reader, null);
                    assertEquals(200, read.statusCode(), read.body());
                    assertEquals("x", JSON.readTree(read.body()).get("q").asText());
                    assertEquals(List.of("READ_ONLY"), seenCallers);
                    HttpResponse<String> forbidden = send(http, base, "POST", "/admin/v1/exttest/change", reader,
                            "{\"name\":\"a\"}");
                    assertEquals(403, forbidden.statusCode());
                    assertEquals(201, send(http, base, "POST", "/admin/v1/exttest/change", operator, "{\"name\":\"a\"}")
                            .statusCode());
                    HttpResponse<String> refused = send(http, base, "POST", "/admin/v1/exttest/change", operator,
                            "{\"name\":\"nope\"}");
                    assertEquals(429, refused.statusCode());
                    assertEquals("slow_down", JSON.readTree(refused.body()).get("error").asText());
                    assertEquals("7", refused.headers().firstValue("Retry-After").orElse(""));
                    HttpResponse<String> malformed = send(http, base, "POST", "/admin/v1/exttest/change", operator, "{\"name\":");
                    assertEquals(400, malformed.statusCode());
                    assertEquals("malformed_json", JSON.readTree(malformed.body()).get("error").asText());
                    HttpResponse<String> oversize = send(http, base, "POST", "/exttest/v1/hello", null,
                            "{\"x\":\"" + "a".repeat(64) + "\"}");
                    assertEquals(413, oversize.statusCode());
                    assertEquals(200, send(http, base, "POST", "/exttest/v1/hello", null, "{}").statusCode());
                    assertFalse(routes.get("/admin/v1/exttest/change").limited());
                    assertTrue(routes.get("/exttest/v1/hello").limited(), "device routes count against in-flight");
                }
            }
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String token,
            String json) throws Exception {
        return AdminHttp.send(http, base, method, path, token, json);
    }

    private static HttpClient client(TlsIdentity identity) {
        return PinnedHttps.client(List.of(TlsPins.PREFIX + identity.pinSha256()));
    }

}
