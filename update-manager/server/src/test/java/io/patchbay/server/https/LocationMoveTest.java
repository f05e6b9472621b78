package io.patchbay.server.https;

import static io.patchbay.server.https.CertificateRenewalTest.withRoot;
import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.testing.TcpRelay;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.client.TufClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server move-location} through the admin API: two TCP relays stand for the old and the new public address
 * of one server (DNS names, a proxy). A client follows the move by fetching the new root from the old address; a
 * new address that does not serve this repository with the pinned key is refused before any root names it, since
 * a client that took such a root could never come back.
 */
class LocationMoveTest {
    static final String BASE = "/admin/v1/server/location";

    @TempDir
    Path dataDirectory;
    @TempDir
    Path work;

    TcpRelay oldAddress;
    TcpRelay newAddress;
    ServerFixture fx;
    String operator;
    String pin;

    @BeforeEach
    void start() throws Exception {
        oldAddress = new TcpRelay(0);
        newAddress = new TcpRelay(0);
        fx = ServerFixture.h2(dataDirectory, b -> b.publicUrl(url(oldAddress)));
        oldAddress.retarget(fx.server.port());
        newAddress.retarget(fx.server.port());
        operator = fx.init.adminToken();
        pin = "sha256/" + fx.init.certificatePinSha256();
    }

    @AfterEach
    void stop() {
        fx.close();
        oldAddress.close();
        newAddress.close();
    }

    static URI url(TcpRelay relay) {
        return URI.create("https://127.0.0.1:" + relay.port());
    }

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return fx.admin(method, path, operator, body);
    }

    JsonNode ok(HttpResponse<String> answer) throws Exception {
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer);
    }

    JsonNode stage(String publicUrl) throws Exception {
        return ok(admin("POST", BASE + "/stage", "{\"publicUrl\":\"" + publicUrl + "\"}"));
    }

    static void refused(int status, String error, HttpResponse<String> answer) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals(error, json(answer).get("error").asText(), answer.body());
    }

    TufUpdater tufClient() throws Exception {
        return TufClient.builder().metadataDir(work.resolve("client")).clock(fx.clock)
                .bootstrapRoot(Files.readAllBytes(fx.init.trustedRootFile())).build();
    }

    /** The repository's metadata files: what a refusal must leave alone. */
    List<String> metadata() throws Exception {
        try (Stream<Path> files = Files.list(dataDirectory.resolve("repository/metadata"))) {
            return files.map(p -> p.getFileName() + "@" + p.toFile().length()).sorted().toList();
        }
    }

    @Test
    void aClientFollowsTheMoveFromTheOldAddressAndKeepsUpdatingOnceItIsGone() throws Exception {
        TufUpdater client = tufClient();
        client.refresh();
        assertEquals(oldAddress.port(), client.trustedRoot().location().orElseThrow().metadataUrl().getPort());
        ServerFixture.Device device = fx.enroll("stable");
        assertEquals(200, fx.signed(device, "/device/v1/check-in", withRoot(1)).statusCode());
        JsonNode idle = ok(admin("GET", BASE, null));
        assertEquals("IDLE", idle.get("phase").asText());
        assertEquals(url(oldAddress).toString(), idle.get("location").asText());

        fx.clock.advance(Duration.ofMinutes(1));
        JsonNode staged = stage(url(newAddress).toString());
        assertTrue(staged.get("changed").asBoolean());
        assertEquals("MOVING", staged.get("phase").asText());
        assertEquals(2, staged.get("rootVersion").asLong());
        assertEquals(2, staged.get("movedInRoot").asLong());
        assertEquals(url(newAddress).toString(), staged.get("location").asText());
        assertEquals(url(oldAddress).toString(), staged.get("previousLocation").asText());
        assertEquals(1, staged.get("pendingClients").asLong(), "the enrolled client still holds root v1");
        assertEquals(fx.clock.instant().toString(), staged.get("movedAt").asText(), "dated by the server's clock");
        assertEquals(List.of(pin), List.of(staged.get("pins").get(0).asText()), "the pins stay root's");
        refused(409, "location_clients_pending", admin("POST", BASE + "/finish", "{}"));

        client.refresh(); // from the old address, the only one root v1 names
        TrustedLocation followed = client.trustedRoot().location().orElseThrow();
        assertEquals(2, client.trustedRoot().version());
        assertEquals(URI.create(url(newAddress) + "/repo/metadata/"), followed.metadataUrl());
        assertEquals(URI.create(url(newAddress) + "/repo/targets/"), followed.targetsUrl());
        assertEquals(List.of(pin), followed.tlsPins());

        fx.clock.advance(Duration.ofMinutes(1));
        assertEquals(200, fx.signed(device, "/device/v1/check-in", withRoot(2)).statusCode());
        assertEquals("SETTLED", ok(admin("GET", BASE, null)).get("phase").asText());
        JsonNode finished = ok(admin("POST", BASE + "/finish", "{}"));
        assertEquals("SETTLED", finished.get("phase").asText());
        assertEquals(0, finished.get("pendingClients").asLong());
        List<String> audit = Files.readAllLines(dataDirectory.resolve("tls/rotations.log"));
        assertEquals(2, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("\"kind\":\"location\"") && audit.get(0).contains("\"phase\":\"stage\""), audit.get(0));
        assertTrue(audit.get(1).contains("\"phase\":\"finish\""), audit.get(1));

        oldAddress.close(); // retired: a new client (new connections) on root v2 updates from the new address only
        TufUpdater moved = tufClient();
        moved.refresh();
        assertEquals(2, moved.trustedRoot().version());

        JsonNode again = stage(url(newAddress).toString());
        assertFalse(again.get("changed").asBoolean(), "staging the location root names changes nothing");
        assertEquals(2, again.get("rootVersion").asLong());

        fx.server.close(); // a restart reads the move back from the roots, dated as recorded
        try (UpdateServer restarted = UpdateServer.builder(dataDirectory).clock(fx.clock).start()) {
            newAddress.retarget(restarted.port());
            HttpResponse<String> status = fx.http.send(java.net.http.HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + restarted.port() + BASE))
                    .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(staged.get("movedAt").asText(), ok(status).get("movedAt").asText());
            assertEquals(2, json(status).get("movedInRoot").asLong());
        }
    }

    @Test
    void aNewAddressThatDoesNotServeThisRepositoryWithThePinnedKeyIsRefusedAndNothingIsWritten(@TempDir Path other)
            throws Exception {
        List<String> before = metadata();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpResponse<String> nobody = admin("POST", BASE + "/stage", "{\"publicUrl\":\"https://127.0.0.1:" + closedPort + "\"}");
        refused(409, "location_unreachable", nobody);
        assertTrue(json(nobody).get("message").asText().contains("force"), nobody.body());

        // another server: its own key, so the pinned handshake fails
        UpdateServer.builder(other).init();
        try (UpdateServer stranger = UpdateServer.builder(other).start()) {
            refused(409, "location_unreachable", admin("POST", BASE + "/stage",
                    "{\"publicUrl\":\"https://127.0.0.1:" + stranger.port() + "\"}"));
        }
        // another repository behind this server's very key (a copied certificate): the root differs
        Path tls = other.resolve("tls");
        try (Stream<Path> files = Files.list(dataDirectory.resolve("tls"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, tls.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (UpdateServer impostor = UpdateServer.builder(other).start()) {
            assertEquals(fx.init.certificatePinSha256(), impostor.certificatePinSha256());
            HttpResponse<String> mismatch = admin("POST", BASE + "/stage",
                    "{\"publicUrl\":\"https://127.0.0.1:" + impostor.port() + "\"}");
            refused(409, "location_mismatch", mismatch);
            assertFalse(mismatch.body().contains("\"signed\""), "the response is never echoed");
        }
        assertEquals(before, metadata(), "no root names a new address");
        assertFalse(Files.exists(dataDirectory.resolve("tls/rotations.log")));
        assertEquals("IDLE", ok(admin("GET", BASE, null)).get("phase").asText());

        JsonNode forced = ok(admin("POST", BASE + "/stage",
                "{\"publicUrl\":\"https://127.0.0.1:" + closedPort + "\",\"force\":true}"));
        assertEquals(2, forced.get("rootVersion").asLong(), "force publishes without the probe");
        assertTrue(Files.readString(dataDirectory.resolve("tls/rotations.log")).contains("stage (forced)"));
    }

    @Test
    void hostileRequestsAreRefusedWithTheirReasonAndNothingIsWritten() throws Exception {
        List<String> before = metadata();
        String[] invalid = {"http://127.0.0.1:" + newAddress.port(), "https://user@127.0.0.1:" + newAddress.port(),
                "https://127.0.0.1:" + newAddress.port() + "/prefix", "https://127.0.0.1/?q=1", "https://127.0.0.1/#f",
                "https:///", "https://127.0.0.1:0", "https://127.0.0.1:70000", "not a url", "", "  ",
                "https://" + "a".repeat(600) + ".example", "file:///etc/passwd", "https://exa mple.com",
                "javascript:alert(1)"};
        for (String url : invalid) {
            String body = "{\"publicUrl\":" + ServerFixture.JSON.writeValueAsString(url) + "}";
            refused(400, "invalid_location", admin("POST", BASE + "/stage", body));
        }
        refused(400, "invalid_location", admin("POST", BASE + "/stage", "{}"));
        refused(400, "invalid_location", admin("POST", BASE + "/stage", "{\"publicUrl\":null}"));
        refused(400, "malformed_json", admin("POST", BASE + "/stage", "{\"publicUrl\":"));
        refused(400, "malformed_json", admin("POST", BASE + "/stage", "[]"));
        refused(400, "malformed_json", admin("POST", BASE + "/stage", "{\"publicUrl\":[\"https://x\"]}"));
        assertEquals(413, admin("POST", BASE + "/stage", "{\"publicUrl\":\"" + "a".repeat(4000) + "\"}").statusCode());

        String readOnly = new AdminTokens(fx.database, fx.clock).create(AdminRole.READ_ONLY, "viewer").token();
        String good = "{\"publicUrl\":\"" + url(newAddress) + "\"}";
        assertEquals(403, fx.admin("POST", BASE + "/stage", readOnly, good).statusCode());
        assertEquals(403, fx.admin("POST", BASE + "/finish", readOnly, "{}").statusCode());
        assertEquals(401, fx.admin("POST", BASE + "/stage", null, good).statusCode());
        assertEquals(401, fx.admin("POST", BASE + "/stage", operator + "x", good).statusCode());
        assertEquals(200, fx.admin("GET", BASE, readOnly, null).statusCode(), "read-only tokens see the status");
        refused(409, "location_not_moved", admin("POST", BASE + "/finish", "{}"));
        assertEquals(before, metadata());
    }

    @Test
    void aSecondMoveWaitsUntilLiveClientsFollowedTheFirstUnlessForced() throws Exception {
        try (TcpRelay third = new TcpRelay(fx.server.port())) {
            ServerFixture.Device device = fx.enroll("stable");
            assertEquals(200, fx.signed(device, "/device/v1/check-in", withRoot(1)).statusCode());
            fx.clock.advance(Duration.ofMinutes(1));
            stage(url(newAddress).toString());
            HttpResponse<String> early = admin("POST", BASE + "/stage", "{\"publicUrl\":\"" + url(third) + "\"}");
            refused(409, "location_move_pending", early);
            assertTrue(json(early).get("message").asText().contains(url(oldAddress).toString()), early.body());
            assertFalse(Files.exists(dataDirectory.resolve("repository/metadata/3.root.json")));

            // a client that has been silent for longer than the dead-after window no longer holds the move up
            fx.clock.advance(Duration.ofMinutes(16));
            JsonNode third3 = stage(url(third).toString());
            assertEquals(3, third3.get("movedInRoot").asLong());
            assertEquals(url(newAddress).toString(), third3.get("previousLocation").asText());
            assertEquals(0, third3.get("pendingClients").asLong());
        }
    }

    @Test
    void withoutTheRootKeyNothingMoves() throws Exception {
        Path rootKeys = dataDirectory.resolve("repo-root-keys");
        Path aside = work.resolve("offline-root-keys");
        Files.move(rootKeys, aside);
        List<String> before = metadata();
        refused(409, "root_keys_unavailable", admin("POST", BASE + "/stage", "{\"publicUrl\":\"" + url(newAddress) + "\"}"));
        assertEquals(before, metadata());
        assertFalse(Files.exists(dataDirectory.resolve("repository/staged/root.json")));
        assertFalse(Files.exists(dataDirectory.resolve("location-move.json")));
        Files.move(aside, rootKeys);
        stage(url(newAddress).toString());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDirectory.resolve("location-move.json"))));
    }
}
