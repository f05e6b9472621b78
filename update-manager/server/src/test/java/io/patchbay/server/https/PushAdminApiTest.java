package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.crypto.api.push.PushRefusal;
import io.patchbay.crypto.api.push.PushRefusedException;
import io.patchbay.server.api.PushSettings;
import io.patchbay.server.https.PushStreamClient.Event;
import io.patchbay.server.https.ServerFixture.Device;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminRole;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.Root;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The push admin API on H2: roles, who answered, hostile bodies, and the push key's rotation through root. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushAdminApiTest {
    @TempDir
    static Path dataDirectory;

    ServerFixture fx;
    String readOnly;

    @BeforeAll
    void start() throws Exception {
        fx = ServerFixture.h2(dataDirectory, b -> b.push(PushSettings.defaults().withRescan(Duration.ofMillis(200))));
        readOnly = new AdminTokens(fx.database, fx.clock).create(AdminRole.READ_ONLY, "viewer").token();
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() throws Exception {
        fx.reset();
    }

    HttpResponse<String> create(String token, String body) throws Exception {
        return fx.admin("POST", "/admin/v1/pushes", token, body);
    }

    @Test
    void operatorsPushAndReadOnlyTokensOnlyRead() throws Exception {
        Device device = fx.enroll("stable");
        Map<String, List<String>> before = fx.snapshot();
        assertRefused(401, "unauthorized", create(null, "{\"action\":\"CHECK_NOW\",\"all\":true}"));
        assertRefused(401, "unauthorized", create("pbadm_wrong", "{\"action\":\"CHECK_NOW\",\"all\":true}"));
        assertRefused(403, "forbidden", create(readOnly, "{\"action\":\"CHECK_NOW\",\"all\":true}"));
        assertRefused(403, "forbidden", fx.admin("POST", "/admin/v1/server/push-key/rotate", readOnly, "{}"));
        assertEquals(before, fx.snapshot());

        HttpResponse<String> created = create(fx.init.adminToken(), "{\"action\":\"CHECK_NOW\",\"clientId\":\""
                + device.clientId + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode push = ServerFixture.json(created);
        assertEquals("NORMAL", push.get("urgency").asText());
        assertEquals(Duration.ofMinutes(5), Duration.between(java.time.Instant.parse(push.get("createdAt").asText()),
                java.time.Instant.parse(push.get("expiresAt").asText())), "the default TTL");
        assertEquals(200, fx.admin("GET", "/admin/v1/pushes/" + push.get("id").asLong(), readOnly, null).statusCode());
        assertRefused(401, "unauthorized", fx.admin("GET", "/admin/v1/pushes/" + push.get("id").asLong(), null, null));
        assertEquals(200, fx.admin("GET", "/admin/v1/server/push-key", readOnly, null).statusCode());
    }

    @Test
    void statusListsWhoAnsweredAfterThePushWasCreated() throws Exception {
        Device early = fx.enroll("stable");
        Device late = fx.enroll("stable");
        Device silent = fx.enroll("beta");
        assertEquals(200, fx.signed(early, "/device/v1/check-in", ServerFixture.checkInBody(1)).statusCode());
        fx.clock.advance(Duration.ofSeconds(5));
        JsonNode push = ServerFixture.json(create(fx.init.adminToken(), "{\"action\":\"REPORT_HOME\",\"all\":true}"));
        long id = push.get("id").asLong();
        assertEquals(3, push.get("targeted").asLong());

        JsonNode none = ServerFixture.json(fx.admin("GET", "/admin/v1/pushes/" + id, readOnly, null));
        assertEquals(0, none.get("answered").asLong(), "a check-in before the push is no answer");
        assertEquals(3, none.get("unanswered").asLong());
        assertEquals(false, none.get("complete").asBoolean());

        fx.clock.advance(Duration.ofSeconds(2));
        assertEquals(200, fx.signed(late, "/device/v1/check-in", ServerFixture.checkInBody(1)).statusCode());
        JsonNode status = ServerFixture.json(fx.admin("GET", "/admin/v1/pushes/" + id + "?waitSeconds=0", readOnly,
                null));
        assertEquals(1, status.get("answered").asLong());
        assertEquals(2, status.get("unanswered").asLong());
        List<String> unanswered = new ArrayList<>();
        status.get("unansweredClients").forEach(n -> unanswered.add(n.asText()));
        List<String> expected = new ArrayList<>(List.of(early.clientId, silent.clientId));
        expected.sort(null);
        assertEquals(expected, unanswered);

        // Waiting returns as soon as everyone answered (here at once) and never beyond its bound.
        assertEquals(200, fx.signed(early, "/device/v1/check-in", ServerFixture.checkInBody(1)).statusCode());
        assertEquals(200, fx.signed(silent, "/device/v1/check-in", ServerFixture.checkInBody(1)).statusCode());
        JsonNode done = ServerFixture.json(fx.admin("GET", "/admin/v1/pushes/" + id + "?waitSeconds=30", readOnly,
                null));
        assertEquals(3, done.get("answered").asLong());
        assertTrue(done.get("complete").asBoolean());
    }

    @Test
    void hostileBodiesAndQueriesAreRefusedAndWriteNothing() throws Exception {
        Device device = fx.enroll("stable");
        Map<String, List<String>> before = fx.snapshot();
        String token = fx.init.adminToken();
        assertRefused(413, "too_large", create(token, "{\"action\":\"CHECK_NOW\",\"channel\":\"" + "a".repeat(60_000)
                + "\"}"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add("\"c" + i + "\"");
        }
        assertRefused(413, "too_large", create(token, "{\"action\":\"CHECK_NOW\",\"clientIds\":[" + String.join(",", ids)
                + "]}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\"}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"all\":true,\"channel\":\"x\"}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"UPDATE_FROM\",\"all\":true}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"check_now\",\"all\":true}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"urgency\":\"PANIC\",\"all\":true}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"all\":true,\"ttlSeconds\":3601}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"all\":true,\"ttlSeconds\":-1}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"channel\":\"bad channel\"}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"clientIds\":[]}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"clientIds\":[null]}"));
        assertRefused(400, "invalid_input", create(token, "{\"action\":\"CHECK_NOW\",\"clientId\":\"'; DROP TABLE x\"}"));
        assertRefused(404, "unknown_client", create(token, "{\"action\":\"CHECK_NOW\",\"clientIds\":[\""
                + device.clientId + "\",\"00000000-0000-0000-0000-000000000000\"]}"));
        assertRefused(400, "malformed_json", create(token, "{\"action\":\"CHECK_NOW\",\"all\":true"));
        assertRefused(400, "malformed_json", create(token, "[".repeat(50) + "]".repeat(50)));
        assertEquals(before, fx.snapshot());

        assertRefused(404, "unknown_push", fx.admin("GET", "/admin/v1/pushes/999999", token, null));
        assertRefused(404, "unknown_push", fx.admin("GET", "/admin/v1/pushes/-1", token, null));
        assertRefused(404, "unknown_push", fx.admin("GET", "/admin/v1/pushes/" + "9".repeat(40), token, null));
        assertRefused(404, "not_found", fx.admin("GET", "/admin/v1/pushes/1/x", token, null));
        long id = ServerFixture.json(create(token, "{\"action\":\"CHECK_NOW\",\"all\":true}")).get("id").asLong();
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/pushes/" + id + "?waitSeconds=61", token, null));
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/pushes/" + id + "?waitSeconds=x", token, null));
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/pushes/" + id + "?waitSeconds=1&waitSeconds=2",
                token, null));
    }

    @Test
    void rotatingThePushKeyPublishesRootNPlusOneWithOnlyTheNewKey() throws Exception {
        Device device = fx.enroll("stable");
        JsonNode before = ServerFixture.json(fx.admin("GET", "/admin/v1/server/push-key", readOnly, null));
        Root rootBefore = publishedRoot();
        assertEquals(List.of(before.get("pushKey").asText()), rootBefore.pushKeys(), "root lists the signing key");

        HttpResponse<String> rotated = fx.admin("POST", "/admin/v1/server/push-key/rotate", fx.init.adminToken(), "{}");
        assertEquals(200, rotated.statusCode(), rotated.body());
        JsonNode after = ServerFixture.json(rotated);
        Root root = publishedRoot();
        assertEquals(rootBefore.version() + 1, root.version());
        assertEquals(root.version(), after.get("rootVersion").asLong());
        assertNotEquals(before.get("pushKey").asText(), after.get("pushKey").asText());
        assertEquals(List.of(after.get("pushKey").asText()), root.pushKeys(), "only the new key");
        assertEquals(rootBefore.keysOf(Metadata.ROOT).keySet(), root.keysOf(Metadata.ROOT).keySet());

        // Pushes are signed with the new key: a client on root N+1 opens them, one still trusting the old key refuses.
        try (PushStreamClient stream = PushStreamClient.open(fx.http, fx.uri("/device/v1/push"),
                device.signGet(fx.clock, "/device/v1/push"))) {
            assertEquals("hello", stream.nextEvent().event());
            create(fx.init.adminToken(), "{\"action\":\"CHECK_NOW\",\"clientId\":\"" + device.clientId + "\"}");
            Event push = stream.nextEvent();
            new PushOpener(device.sealing, device.clientId, List.of(SigningPublicKey.fromBase64Url(
                    after.get("pushKey").asText())), fx.clock, Duration.ofSeconds(60)).open(push.data());
            PushRefusedException old = assertThrows(PushRefusedException.class, () -> new PushOpener(device.sealing,
                    device.clientId, List.of(SigningPublicKey.fromBase64Url(before.get("pushKey").asText())), fx.clock,
                    Duration.ofSeconds(60)).open(push.data()));
            assertEquals(PushRefusal.UNKNOWN_KEY, old.reason());
        }
        Path keys = dataDirectory.resolve("push-keys");
        try (var files = Files.list(keys)) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file)), file.toString());
            }
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys)));
    }

    static Root publishedRoot(Path dataDirectory) throws Exception {
        Path metadata = dataDirectory.resolve("repository").resolve("metadata");
        int version = 1;
        while (Files.exists(metadata.resolve((version + 1) + ".root.json"))) {
            version++;
        }
        return Root.of(Metadata.parse(Files.readAllBytes(metadata.resolve(version + ".root.json"))));
    }

    Root publishedRoot() throws Exception {
        return publishedRoot(dataDirectory);
    }
}
