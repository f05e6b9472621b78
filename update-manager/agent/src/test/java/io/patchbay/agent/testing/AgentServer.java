package io.patchbay.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.api.AgentConfig;
import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.testsupport.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real update server over HTTPS on 127.0.0.1 (init, then start), sharing the test's clock (the signature skew
 * window is checked against it), plus an admin client and read access to its database for assertions.
 */
public final class AgentServer implements AutoCloseable {
    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    public final MutableClock clock;
    public final Path dataDirectory;
    public final InitResult init;
    private UpdateServer server;
    private final int port;
    private final HttpClient http;
    private final Duration pollInterval;

    public AgentServer(Path dataDirectory, MutableClock clock) throws Exception {
        this(dataDirectory, clock, Duration.ofMinutes(5));
    }

    /** {@code pollInterval}: the check-in interval the server asks for (at least 1 s). */
    public AgentServer(Path dataDirectory, MutableClock clock, Duration pollInterval) throws Exception {
        this(dataDirectory, clock, pollInterval, null);
    }

    /** {@code publicUrl}: the address root names (a relay in front of this server), or null for its own. */
    public AgentServer(Path dataDirectory, MutableClock clock, Duration pollInterval, URI publicUrl) throws Exception {
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.dataDirectory = dataDirectory;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            this.port = probe.getLocalPort(); // known at init, so the signed root names the location and pin
        }
        this.init = publicUrl == null ? builder().port(port).init() : builder().port(port).publicUrl(publicUrl).init();
        this.server = builder().port(port).start();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private UpdateServer.Builder builder() {
        return UpdateServer.builder(dataDirectory).clock(clock).pollInterval(pollInterval);
    }

    public URI baseUri() {
        return URI.create("https://127.0.0.1:" + port);
    }

    /** An agent configuration pointing at this server with its pin (as a host without a signed root yet). */
    public AgentConfig config(Path agentData) {
        return AgentConfig.of(agentData, baseUri(), List.of("sha256/" + init.certificatePinSha256()));
    }

    public void stop() {
        server.close();
    }

    /** Starts again on the same port and data directory. */
    public void restart() throws Exception {
        server = builder().port(port).start();
    }

    /** Uploads the jars and seals them as release {@code releaseId}; returns its level. */
    public long publish(String releaseId, Path... jars) throws Exception {
        List<String> uploads = new ArrayList<>();
        for (Path jar : jars) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri() + "/admin/v1/uploads"))
                    .header("Authorization", "Bearer " + init.adminToken())
                    .header("Content-Type", "application/java-archive")
                    .POST(HttpRequest.BodyPublishers.ofFile(jar)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new AssertionError("upload " + jar + ": " + response.statusCode() + " " + response.body());
            }
            uploads.add("\"" + JSON.readTree(response.body()).get("uploadId").asText() + "\"");
        }
        return admin("POST", "/admin/v1/releases", "{\"releaseId\":\"" + releaseId + "\",\"uploads\":["
                + String.join(",", uploads) + "]}", 201).get("level").asLong();
    }

    /** Deploys a release to a channel: {@code rest} is the JSON after releaseId and channel (actionType, policy…). */
    public String deploy(String releaseId, String channel, String rest) throws Exception {
        return admin("POST", "/admin/v1/deployments", "{\"releaseId\":\"" + releaseId + "\",\"channel\":\""
                + channel + "\"," + rest + "}", 201).get("deploymentId").asText();
    }

    public void cancel(String deploymentId) throws Exception {
        admin("POST", "/admin/v1/deployments/cancel", "{\"deploymentId\":\"" + deploymentId + "\"}", 200);
    }

    /** A real TUF client bootstrapped with the root init wrote (location = this server's /repo, pinned). */
    public io.patchbay.tuf.api.TufUpdater tufClient(Path dir) throws Exception {
        return io.patchbay.tuf.client.TufClient.builder().metadataDir(dir.resolve("metadata"))
                .targetDir(dir.resolve("targets")).clock(clock)
                .bootstrapRoot(java.nio.file.Files.readAllBytes(init.trustedRootFile())).build();
    }

    public String enrollmentToken(String channel) throws Exception {
        JsonNode reply = admin("POST", "/admin/v1/enrollment-tokens",
                "{\"channel\":\"" + channel + "\",\"ttlSeconds\":3600}", 201);
        return reply.get("token").asText();
    }

    /** An operator's push ({@code POST /admin/v1/pushes}); {@code json} names action, urgency and audience. */
    public JsonNode push(String json) throws Exception {
        return admin("POST", "/admin/v1/pushes", json, 201);
    }

    /** Who answered push {@code id} (no waiting). */
    public JsonNode pushStatus(long id) throws Exception {
        return admin("GET", "/admin/v1/pushes/" + id, null, 200);
    }

    /** The server's own port (the relays in front of it forward here). */
    public int port() {
        return port;
    }

    /** Any admin API call; fails unless it answers {@code expected}. */
    public JsonNode adminCall(String method, String path, String json, int expected) throws Exception {
        return admin(method, path, json, expected);
    }

    /** Replaces the push key by a root rotation (root N+1 lists only the new key). */
    public JsonNode rotatePushKey() throws Exception {
        return admin("POST", "/admin/v1/server/push-key/rotate", "{}", 200);
    }

    public void revoke(String clientId) throws Exception {
        admin("POST", "/admin/v1/clients/revoke", "{\"clientId\":\"" + clientId + "\"}", 200);
    }

    public JsonNode clients() throws Exception {
        return admin("GET", "/admin/v1/clients", null, 200).get("clients");
    }

    /** An admin API call with the init token; fails unless it answers {@code expected}. */
    public JsonNode admin(String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri() + path))
                .header("Authorization", "Bearer " + init.adminToken());
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new AssertionError(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Every install report row: state, target, cause, log, timings, deployment (oldest first). */
    public List<Map<String, String>> reports() throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Database db = Database.open(DatabaseSettings.embedded(dataDirectory));
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, target_sequence, cause, log_excerpt, timings_json, deployment_id "
                     + "FROM install_reports ORDER BY received_at, id")) {
            while (rs.next()) {
                rows.add(Map.of("state", rs.getString(1), "target", rs.getString(2),
                        "cause", String.valueOf(rs.getString(3)), "log", String.valueOf(rs.getString(4)),
                        "timings", rs.getString(5), "deployment", String.valueOf(rs.getString(6))));
            }
        }
        return rows;
    }

    /** The server's keys of a client: signing (hex), previous signing key (hex or "null") and until when. */
    public Map<String, String> clientKeys(String clientId) throws Exception {
        try (Database db = Database.open(DatabaseSettings.embedded(dataDirectory));
             Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement s = c.prepareStatement("SELECT signing_key, previous_signing_key,"
                     + " previous_key_valid_until, revoked_at FROM clients WHERE id = ?")) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no client " + clientId);
                }
                return Map.of("signing", rs.getString(1), "previous", String.valueOf(rs.getString(2)),
                        "previousUntil", String.valueOf(rs.getString(3)), "revoked", String.valueOf(rs.getString(4)));
            }
        }
    }

    /** How many check-ins the server has counted, all clients together. */
    public long checkIns() throws Exception {
        try (Database db = Database.open(DatabaseSettings.embedded(dataDirectory));
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(check_ins), 0) FROM client_state")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The facts each client sent with its last check-in, as JSON text (oldest client first). */
    public List<String> facts() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Database db = Database.open(DatabaseSettings.embedded(dataDirectory));
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT facts_json FROM client_state ORDER BY client_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Override
    public void close() {
        server.close();
    }
}
