package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static io.patchbay.server.https.ServerFixture.checkInBody;
import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.https.ServerFixture.Device;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminRole;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The admin API: bearer authentication, roles, enrollment tokens, revocation and the fleet views (H2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    @TempDir
    static Path dataDirectory;

    ServerFixture fx;
    String readOnly;

    @BeforeAll
    void start() throws Exception {
        fx = ServerFixture.h2(dataDirectory, b -> b);
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

    @Test
    void missingMalformedAndUnknownTokensAre401WithAChallenge() throws Exception {
        HttpResponse<String> none = fx.admin("GET", "/admin/v1/clients", null, null);
        assertRefused(401, "unauthorized", none);
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertRefused(401, "unauthorized", fx.admin("GET", "/admin/v1/clients", "pbadm_" + "B".repeat(43), null));
        assertRefused(401, "unauthorized", fx.send(java.net.http.HttpRequest.newBuilder(fx.uri("/admin/v1/clients"))
                .header("Authorization", "Basic dXNlcjpwYXNz").GET().build()));
        Map<String, List<String>> before = fx.snapshot();
        assertRefused(401, "unauthorized", fx.admin("POST", "/admin/v1/enrollment-tokens", "wrong",
                "{\"channel\":\"stable\"}"));
        assertEquals(before, fx.snapshot());
    }

    @Test
    void readOnlyReadsButMayNotIssueOrRevoke() throws Exception {
        Device device = fx.enroll("stable");
        Map<String, List<String>> before = fx.snapshot();
        assertRefused(403, "forbidden", fx.admin("POST", "/admin/v1/enrollment-tokens", readOnly, "{\"channel\":\"stable\"}"));
        assertRefused(403, "forbidden", fx.admin("POST", "/admin/v1/clients/revoke", readOnly,
                "{\"clientId\":\"" + device.clientId + "\"}"));
        assertEquals(before, fx.snapshot());
        assertEquals(200, fx.admin("GET", "/admin/v1/clients", readOnly, null).statusCode());
        assertEquals(200, fx.admin("GET", "/admin/v1/installs/failed", readOnly, null).statusCode());
    }

    @Test
    void operatorIssuesTokensWithBoundsAndRevokesClients() throws Exception {
        HttpResponse<String> issued = fx.admin("POST", "/admin/v1/enrollment-tokens", fx.init.adminToken(),
                "{\"channel\":\"beta\",\"ttlSeconds\":600}");
        assertEquals(201, issued.statusCode(), issued.body());
        assertEquals(ServerFixture.START.plusSeconds(600).toString(), json(issued).get("expiresAt").asText());
        String token = json(issued).get("token").asText();
        assertTrue(token.startsWith("pbenr_"));
        assertTrue(fx.snapshot().get("enrollment_tokens").stream().noneMatch(row -> row.contains(token)),
                "only the hash is stored");

        assertRefused(400, "invalid_input", fx.admin("POST", "/admin/v1/enrollment-tokens", fx.init.adminToken(),
                "{\"channel\":\"no spaces\"}"));
        assertRefused(400, "invalid_input", fx.admin("POST", "/admin/v1/enrollment-tokens", fx.init.adminToken(),
                "{\"channel\":\"beta\",\"ttlSeconds\":0}"));
        assertRefused(404, "unknown_client", fx.admin("POST", "/admin/v1/clients/revoke", fx.init.adminToken(),
                "{\"clientId\":\"nobody\"}"));
    }

    @Test
    void fleetViewsListChannelLevelLastSeenStateAndTheDead() throws Exception {
        Device alive = fx.enroll("stable");
        Device silent = fx.enroll("beta");
        Device revoked = fx.enroll("stable");
        assertEquals(200, fx.signed(silent, "/device/v1/check-in", checkInBody(3)).statusCode());
        fx.clock.advance(Duration.ofMinutes(16));
        assertEquals(200, fx.signed(alive, "/device/v1/check-in", checkInBody(7)).statusCode());
        fx.admin("POST", "/admin/v1/clients/revoke", fx.init.adminToken(), "{\"clientId\":\"" + revoked.clientId + "\"}");

        JsonNode all = json(fx.admin("GET", "/admin/v1/clients", readOnly, null)).get("clients");
        assertEquals(3, all.size());
        for (JsonNode client : all) {
            String id = client.get("clientId").asText();
            if (id.equals(alive.clientId)) {
                assertEquals("ALIVE", client.get("state").asText());
                assertEquals(7, client.get("patchSequence").asLong());
                assertEquals("stable", client.get("channel").asText());
                assertEquals(fx.clock.instant().toString(), client.get("lastSeen").asText());
            } else if (id.equals(silent.clientId)) {
                assertEquals("DEAD", client.get("state").asText());
                assertEquals(3, client.get("patchSequence").asLong());
            } else {
                assertEquals("REVOKED", client.get("state").asText());
            }
        }
        JsonNode dead = json(fx.admin("GET", "/admin/v1/clients?dead=true", readOnly, null)).get("clients");
        assertEquals(1, dead.size());
        assertEquals(silent.clientId, dead.get(0).get("clientId").asText());

        HttpResponse<String> paged = fx.admin("GET", "/admin/v1/clients?limit=2", readOnly, null);
        assertEquals(2, json(paged).get("clients").size());
        String next = json(paged).get("next").asText();
        assertEquals(1, json(fx.admin("GET", "/admin/v1/clients?limit=2&after=" + next, readOnly, null))
                .get("clients").size());
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/clients?dead=maybe", readOnly, null));
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/clients?limit=0", readOnly, null));
    }
}
