package io.patchbay.server.https;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.UpdateServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.request.RequestSigner;
import io.patchbay.crypto.api.request.SignedHeaders;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.server.testing.PostgresServer;
import io.patchbay.server.testing.TcpRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real server over HTTPS on 127.0.0.1, a JDK HttpClient that trusts exactly its certificate, and a
 * test-side handle on the same database for setup and for asserting what was (not) written.
 */
final class ServerFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();
    static final String[] TABLES = {"clients", "enrollment_tokens", "request_nonces", "client_state",
            "admin_tokens", "install_reports", "releases", "release_bundles", "deployments", "deployment_clients",
            "push_batches"};

    final MutableClock clock = new MutableClock(START);
    final InitResult init;
    /** init's OPERATOR token (or the one a fixture that did not init was given). */
    final String adminToken;
    final UpdateServer server;
    final Database database;
    final HttpClient http;

    private ServerFixture(Path dataDirectory, DatabaseSettings settings, UnaryOperator<UpdateServer.Builder> custom)
            throws Exception {
        this(dataDirectory, settings, settings, custom);
    }

    /** {@code serverSettings} for the server, {@code testSettings} for the test's own handle on the same database. */
    private ServerFixture(Path dataDirectory, DatabaseSettings serverSettings, DatabaseSettings testSettings,
                          UnaryOperator<UpdateServer.Builder> custom) throws Exception {
        this(dataDirectory, serverSettings, testSettings, custom, null);
    }

    /** {@code adminToken} null: init first; otherwise start on an initialised data directory with that token. */
    private ServerFixture(Path dataDirectory, DatabaseSettings serverSettings, DatabaseSettings testSettings,
                          UnaryOperator<UpdateServer.Builder> custom, String adminToken) throws Exception {
        init = adminToken == null ? custom.apply(builder(dataDirectory, serverSettings)).init() : null;
        this.adminToken = adminToken == null ? init.adminToken() : adminToken;
        server = custom.apply(builder(dataDirectory, serverSettings)).start();
        database = Database.open(testSettings);
        http = client(trusting(server.certificate()));
    }

    private UpdateServer.Builder builder(Path dataDirectory, DatabaseSettings settings) {
        return UpdateServer.builder(dataDirectory).database(settings.jdbcUrl(), settings.user(), settings.password())
                .clock(clock).pollInterval(Duration.ofMinutes(5)).deadAfterIntervals(3);
    }

    static ServerFixture h2(Path dataDirectory, UnaryOperator<UpdateServer.Builder> custom) throws Exception {
        return new ServerFixture(dataDirectory, DatabaseSettings.embedded(dataDirectory), custom);
    }

    /** A server started on a data directory an earlier fixture initialised (H2), administered with {@code adminToken}. */
    static ServerFixture h2Started(Path dataDirectory, String adminToken) throws Exception {
        DatabaseSettings settings = DatabaseSettings.embedded(dataDirectory);
        return new ServerFixture(dataDirectory, settings, settings, b -> b, adminToken);
    }

    static ServerFixture postgres(Path dataDirectory) throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.createDatabase("api_" + Long.toHexString(System.nanoTime()));
        return new ServerFixture(dataDirectory, DatabaseSettings.of(url, PostgresServer.USER, postgres.password()),
                b -> b);
    }

    /**
     * PostgreSQL reached by the server only through {@code relay} (a network path the test can cut); the test's
     * own handle connects directly, so it can look at the database while the server cannot.
     */
    static ServerFixture postgresThrough(Path dataDirectory, TcpRelay relay) throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String name = "outage_" + Long.toHexString(System.nanoTime());
        String direct = postgres.createDatabase(name);
        String relayed = direct.replace(":" + postgres.port() + "/", ":" + relay.port() + "/");
        return new ServerFixture(dataDirectory, DatabaseSettings.of(relayed, PostgresServer.USER, postgres.password()),
                DatabaseSettings.of(direct, PostgresServer.USER, postgres.password()),
                b -> b.databaseTimeout(Duration.ofMillis(500)));
    }

    static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Empties every table but the admin tokens, and resets the clock. */
    void reset() throws Exception {
        clock.set(START);
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"push_batches", "deployment_clients", "deployments", "release_bundles", "releases",
                    "install_reports", "request_nonces", "client_state", "clients",
                    "enrollment_tokens"}) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create(server.baseUri() + pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> admin(String method, String pathAndQuery, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(request.build());
    }

    /** An enrollment token for {@code channel}, issued through the admin API with the init token. */
    String enrollmentToken(String channel) throws Exception {
        HttpResponse<String> issued = admin("POST", "/admin/v1/enrollment-tokens", init.adminToken(),
                "{\"channel\":\"" + channel + "\",\"ttlSeconds\":3600}");
        assertEquals(201, issued.statusCode(), issued.body());
        return json(issued).get("token").asText();
    }

    /** A freshly enrolled device on {@code channel}. */
    Device enroll(String channel) throws Exception {
        Device device = Device.generate();
        HttpResponse<String> enrolled = post("/device/v1/enroll", device.enrollBody(enrollmentToken(channel)), Map.of());
        assertEquals(201, enrolled.statusCode(), enrolled.body());
        device.clientId = json(enrolled).get("clientId").asText();
        return device;
    }

    /** A signed POST, signed with the device's key at {@code signingClock}'s time. */
    HttpResponse<String> signed(Device device, String path, String json) throws Exception {
        return post(path, json, device.sign(clock, path, json));
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static String error(HttpResponse<String> response) throws Exception {
        return json(response).path("error").asText();
    }

    /** Every row of every table, for "nothing was written" assertions. */
    Map<String, List<String>> snapshot() throws Exception {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            line.append(rs.getString(i)).append('|');
                        }
                        lines.add(line.toString());
                    }
                }
                rows.put(table, lines);
            }
        }
        return rows;
    }

    long count(String table) throws Exception {
        return snapshot().get(table).size();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            database.close();
        }
    }

    /** A client's keys and, once enrolled, its id. */
    static final class Device {
        SigningKeyPair signing;
        SealingKeyPair sealing;
        String clientId;

        static Device generate() {
            Device device = new Device();
            device.signing = SigningKeyPair.generate(RANDOM);
            device.sealing = SealingKeyPair.generate(RANDOM);
            return device;
        }

        String enrollBody(String token) {
            return "{\"token\":\"" + token + "\",\"signingKey\":\"" + signing.publicKey().base64Url()
                    + "\",\"sealingKey\":\"" + sealing.publicKey().base64Url() + "\"}";
        }

        /** Signed headers for a bodiless GET (the push stream). */
        Map<String, String> signGet(Clock clock, String pathAndQuery) {
            return new RequestSigner(clientId, signing, clock, RANDOM).sign("GET", pathAndQuery, new byte[0]).asMap();
        }

        Map<String, String> sign(Clock clock, String path, String json) {
            SignedHeaders headers = new RequestSigner(clientId, signing, clock, RANDOM)
                    .sign("POST", path, json.getBytes(StandardCharsets.UTF_8));
            return headers.asMap();
        }
    }

    static String checkInBody(long sequence) {
        return "{\"patchSequence\":" + sequence + ",\"bundles\":[{\"symbolicName\":\"io.patchbay.greeter\","
                + "\"version\":\"1.0." + sequence + "\"}],\"facts\":{\"os\":\"linux\",\"cpus\":2},\"channel\":\"stable\"}";
    }
}
