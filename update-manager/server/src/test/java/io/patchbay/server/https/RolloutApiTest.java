package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.https.ServerFixture.Device;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.Releases;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.ReleaseBundle;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout admin API over HTTPS on H2, with devices that check in and report through the real device API: the
 * JSON shapes the dashboard reads, roles, the soak's shortened sleep hint, a halt by health, and hostile bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutApiTest {
    static final String ROLLOUTS = "/admin/v1/rollouts";

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
        try (Connection c = fx.database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"rollout_rollback_skips", "rollout_health", "rollout_events", "rollout_group_clients",
                    "rollout_groups", "rollouts"}) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
        fx.reset();
    }

    void release(String id) throws Exception {
        String sha = String.format("%064x", id.hashCode() & 0xffffffffL);
        new Releases(fx.database, fx.clock).create(id, List.of(new ReleaseBundle("bundles/io.example." + id
                + "/1.0.0/" + sha + ".jar", "io.example." + id, "1.0.0", sha, 10)), "op", level -> { });
    }

    long rollouts() throws Exception {
        try (Connection c = fx.database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rollouts")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    JsonNode ok(int status, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return ServerFixture.json(response);
    }

    JsonNode checkIn(Device device, long level, String health) throws Exception {
        String body = "{\"patchSequence\":" + level + ",\"bundles\":[],\"facts\":{\"health\":\"" + health
                + "\",\"health.failing\":\"orders\",\"health.at\":\"" + fx.clock.instant() + "\"}}";
        return ok(200, fx.signed(device, "/device/v1/check-in", body));
    }

    @Test
    void aRolloutRunsSoaksAndHaltsOnHealthAsTheDashboardSeesIt() throws Exception {
        Device canary = fx.enroll("stable");
        Device other = fx.enroll("stable");
        release("r1");
        JsonNode created = ok(201, fx.admin("POST", ROLLOUTS, fx.adminToken, "{\"name\":\"spring\",\"releaseId\":"
                + "\"r1\",\"channel\":\"stable\",\"groups\":[{\"clientIds\":[\"" + canary.clientId + "\"]},"
                + "{\"percent\":100}],\"successThreshold\":100,\"errorThreshold\":{\"count\":1},\"soakSeconds\":600,"
                + "\"actionType\":\"FORCED\",\"policy\":\"NOW\"}"));
        String id = created.get("id").asText();
        assertEquals("RUNNING", created.get("state").asText());
        assertEquals(1, created.get("errorThreshold").get("count").asInt());
        assertTrue(created.get("errorThreshold").get("percent").isNull());
        assertEquals(600, created.get("soakSeconds").asLong());
        assertEquals(1, created.get("currentGroup").asInt());
        JsonNode first = created.get("groups").get(0);
        assertEquals(1, first.get("index").asInt());
        assertEquals("clients:1", first.get("selector").asText());
        assertEquals("RUNNING", first.get("state").asText());
        assertEquals(1, first.get("size").asInt());
        assertEquals(1, first.get("pending").asInt());
        String deployment = first.get("deploymentId").asText();
        JsonNode second = created.get("groups").get(1);
        assertEquals("SCHEDULED", second.get("state").asText());
        assertEquals(100, second.get("percent").asInt());
        assertEquals(1, second.get("size").asInt(), "the estimate: the other client");
        assertEquals("CREATED", created.get("events").get(0).get("kind").asText());
        assertTrue(created.get("progress").isArray());

        JsonNode reply = checkIn(canary, 0, "UP");
        assertEquals(deployment, reply.get("deployment").get("deploymentId").asText());
        assertEquals(300, reply.get("pollAfterSeconds").asLong(), "not soaking yet");
        assertTrue(checkIn(other, 0, "UP").path("deployment").isNull() || checkIn(other, 0, "UP").path("deployment")
                .isMissingNode(), "group 2 has not started");
        long level = reply.get("deployment").get("level").asLong();
        assertEquals(202, fx.signed(canary, "/device/v1/feedback", "{\"targetSequence\":" + level
                + ",\"state\":\"COMMITTED\",\"deploymentId\":\"" + deployment + "\"}").statusCode());
        assertEquals(120, checkIn(canary, level, "UP").get("pollAfterSeconds").asLong(), "soak / 5 while soaking");
        JsonNode soaking = ok(200, fx.admin("GET", ROLLOUTS + "/status?id=" + id, readOnly, null));
        assertEquals(1, soaking.get("groups").get(0).get("soaking").asInt());

        fx.clock.advance(Duration.ofMinutes(3));
        checkIn(canary, level, "DOWN");
        JsonNode halted = ok(200, fx.admin("GET", ROLLOUTS + "/status?id=" + id, readOnly, null));
        assertEquals("HALTED", halted.get("state").asText());
        String reason = halted.get("haltReason").asText();
        assertTrue(reason.contains("group 1") && reason.contains(canary.clientId + ": health DOWN (orders)"), reason);
        assertEquals("HALTED", halted.get("groups").get(0).get("state").asText());
        assertEquals(1, halted.get("groups").get(0).get("failed").asInt());
        assertEquals(canary.clientId + ": health DOWN (orders) during the soak",
                halted.get("groups").get(0).get("failures").get(0).asText());
        JsonNode last = halted.get("events").get(halted.get("events").size() - 1);
        assertEquals("HALTED", last.get("kind").asText());
        assertEquals(1, last.get("group").asInt());
        JsonNode point = halted.get("progress").get(halted.get("progress").size() - 1);
        assertEquals(1, point.get("group").asInt());
        assertEquals(1, point.get("failed").asInt());

        JsonNode list = ok(200, fx.admin("GET", ROLLOUTS + "/list", readOnly, null));
        assertEquals(id, list.get("rollouts").get(0).get("id").asText());
        assertEquals("HALTED", list.get("rollouts").get(0).get("state").asText());
        assertRefused(409, "no_previous_release", fx.admin("POST", ROLLOUTS + "/rollback", fx.adminToken,
                "{\"id\":\"" + id + "\"}"));
        assertRefused(409, "downgrade_refused", fx.admin("POST", ROLLOUTS + "/rollback", fx.adminToken,
                "{\"id\":\"" + id + "\",\"releaseId\":\"r1\"}"));
        assertRefused(409, "rollout_halted", fx.admin("POST", ROLLOUTS + "/resume", fx.adminToken,
                "{\"id\":\"" + id + "\"}"));
        assertEquals("CANCELLED", ok(200, fx.admin("POST", ROLLOUTS + "/cancel", fx.adminToken,
                "{\"id\":\"" + id + "\"}")).get("state").asText());
    }

    @Test
    void rolesAndHostileBodiesAreRefusedAndWriteNothing() throws Exception {
        Device device = fx.enroll("stable");
        release("r1");
        String good = "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}]}";
        assertRefused(401, "unauthorized", fx.admin("POST", ROLLOUTS, null, good));
        assertRefused(401, "unauthorized", fx.admin("POST", ROLLOUTS, "pbadm_forged", good));
        assertRefused(403, "forbidden", fx.admin("POST", ROLLOUTS, readOnly, good));
        assertRefused(401, "unauthorized", fx.admin("GET", ROLLOUTS + "/list", null, null));
        String[][] bad = {
                {"400", "unknown_field", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}],"
                        + "\"errorTreshold\":{\"count\":5}}"},
                {"400", "unknown_field", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percnt\":100}]}"},
                {"400", "unknown_field", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}],"
                        + "\"errorThreshold\":{\"ratio\":5}}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":50},"
                        + "{\"percent\":20}]}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":-5}]}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100,"
                        + "\"clientIds\":[\"" + device.clientId + "\"]}]}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}],"
                        + "\"errorThreshold\":{\"count\":1,\"percent\":5}}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}],"
                        + "\"soakSeconds\":-1}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}],"
                        + "\"policy\":\"SOMETIME\"}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\"}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[null]}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"clientIds\":[null]}]}"},
                {"400", "invalid_input", "[1,2]"},
                {"400", "malformed_json", "{\"releaseId\":"},
                {"400", "malformed_json", good + " {}"},
                {"404", "unknown_release", "{\"releaseId\":\"r9\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}]}"},
                {"404", "unknown_client", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"clientIds\":"
                        + "[\"ghost\"]}]}"},
                {"413", "too_large", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[" + "{\"percent\":1},"
                        .repeat(101).replaceAll(",$", "") + "]}"},
                {"413", "too_large", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"groups\":[{\"percent\":100}],"
                        + "\"name\":\"" + "x".repeat(600 * 1024) + "\"}"},
        };
        for (String[] c : bad) {
            assertRefused(Integer.parseInt(c[0]), c[1], fx.admin("POST", ROLLOUTS, fx.adminToken, c[2]));
        }
        assertEquals(0, rollouts());

        String id = ok(201, fx.admin("POST", ROLLOUTS, fx.adminToken, good)).get("id").asText();
        assertRefused(403, "forbidden", fx.admin("POST", ROLLOUTS + "/pause", readOnly, "{\"id\":\"" + id + "\"}"));
        assertRefused(401, "unauthorized", fx.admin("POST", ROLLOUTS + "/cancel", null, "{\"id\":\"" + id + "\"}"));
        assertRefused(404, "unknown_rollout", fx.admin("POST", ROLLOUTS + "/pause", fx.adminToken, "{\"id\":\"nope\"}"));
        assertRefused(400, "unknown_field", fx.admin("POST", ROLLOUTS + "/pause", fx.adminToken, "{\"id\":\"" + id
                + "\",\"force\":true}"));
        assertRefused(400, "invalid_input", fx.admin("POST", ROLLOUTS + "/pause", fx.adminToken, "{}"));
        assertRefused(400, "invalid_input", fx.admin("POST", ROLLOUTS + "/pause", fx.adminToken, "{\"id\":\"a'b\"}"));
        assertRefused(404, "unknown_rollout", fx.admin("GET", ROLLOUTS + "/status?id=nope", readOnly, null));
        assertRefused(400, "bad_query", fx.admin("GET", ROLLOUTS + "/status", readOnly, null));
        assertRefused(413, "too_large", fx.admin("GET", ROLLOUTS + "/status?id=" + "x".repeat(40), readOnly, null));
        assertRefused(400, "bad_query", fx.admin("GET", ROLLOUTS + "/list?limit=0", readOnly, null));
        assertRefused(409, "rollout_open", fx.admin("POST", ROLLOUTS, fx.adminToken, good));

        assertEquals("PAUSED", ok(200, fx.admin("POST", ROLLOUTS + "/pause", fx.adminToken, "{\"id\":\"" + id + "\"}"))
                .get("state").asText());
        assertRefused(409, "rollout_paused", fx.admin("POST", ROLLOUTS + "/pause", fx.adminToken, "{\"id\":\"" + id
                + "\"}"));
        assertEquals("RUNNING", ok(200, fx.admin("POST", ROLLOUTS + "/resume", fx.adminToken, "{\"id\":\"" + id
                + "\"}")).get("state").asText());
        assertEquals(1, rollouts());
    }

    void report(Device device, long level, String state, String deployment) throws Exception {
        assertEquals(202, fx.signed(device, "/device/v1/feedback", "{\"targetSequence\":" + level + ",\"state\":\""
                + state + "\",\"deploymentId\":\"" + deployment + "\"}").statusCode());
    }

    @Test
    void aHaltedRolloutIsRolledBackToThePreviousReleaseAndTheOfferSaysSo() throws Exception {
        Device a = fx.enroll("stable");
        Device b = fx.enroll("stable");
        Device c = fx.enroll("stable");
        release("r1");
        release("r2");
        String r1 = ok(201, fx.admin("POST", "/admin/v1/deployments", fx.adminToken, "{\"releaseId\":\"r1\","
                + "\"channel\":\"stable\",\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}}"))
                .get("deploymentId").asText();
        JsonNode offer = checkIn(a, 0, "UP").get("deployment");
        assertEquals(r1, offer.get("deploymentId").asText());
        assertTrue(offer.path("rollback").isMissingNode() && offer.path("replacesLevel").isMissingNode(),
                "an ordinary offer carries no rollback fields: " + offer);
        report(a, 1, "COMMITTED", r1); // c never takes r1: it runs the host's initial bundles
        fx.clock.advance(Duration.ofMinutes(1));
        String id = ok(201, fx.admin("POST", ROLLOUTS, fx.adminToken, "{\"releaseId\":\"r2\",\"channel\":\"stable\","
                + "\"groups\":[{\"clientIds\":[\"" + a.clientId + "\",\"" + b.clientId + "\",\"" + c.clientId
                + "\"]}],\"errorThreshold\":{\"count\":1},\"soakSeconds\":600}")).get("id").asText();
        String group = checkIn(a, 1, "UP").get("deployment").get("deploymentId").asText();
        report(a, 2, "COMMITTED", group);
        report(c, 2, "COMMITTED", group);
        assertEquals(group, checkIn(b, 0, "UP").get("deployment").get("deploymentId").asText());
        report(b, 2, "ROLLED_BACK", group);
        assertEquals("HALTED", ok(200, fx.admin("GET", ROLLOUTS + "/status?id=" + id, readOnly, null))
                .get("state").asText());

        String rollback = ROLLOUTS + "/rollback";
        String[][] hostile = {
                {"400", "unknown_field", "{\"id\":\"" + id + "\",\"rollback\":true}"},
                {"400", "unknown_field", "{\"id\":\"" + id + "\",\"clientIds\":[\"" + b.clientId + "\"]}"},
                {"400", "invalid_input", "{\"id\":\"" + id + "\",\"releaseId\":\"\"}"},
                {"400", "invalid_input", "{\"id\":\"" + id + "\",\"releaseId\":\"../r1\"}"},
                {"400", "invalid_input", "{\"releaseId\":\"r1\"}"},
                {"400", "invalid_input", "[\"" + id + "\"]"},
                {"400", "malformed_json", "{\"id\":\"" + id + "\""},
                {"400", "malformed_json", "{\"id\":{\"$ne\":null}}"},
                {"404", "unknown_rollout", "{\"id\":\"nope\"}"},
                {"404", "unknown_release", "{\"id\":\"" + id + "\",\"releaseId\":\"r9\"}"},
                {"409", "downgrade_refused", "{\"id\":\"" + id + "\",\"releaseId\":\"r1\"}"},
                {"413", "too_large", "{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(5000) + "\"}"},
        };
        for (String[] h : hostile) {
            assertRefused(Integer.parseInt(h[0]), h[1], fx.admin("POST", rollback, fx.adminToken, h[2]));
        }
        String body = "{\"id\":\"" + id + "\"}";
        assertRefused(403, "forbidden", fx.admin("POST", rollback, readOnly, body));
        assertRefused(401, "unauthorized", fx.admin("POST", rollback, null, body));
        JsonNode untouched = ok(200, fx.admin("GET", ROLLOUTS + "/status?id=" + id, readOnly, null));
        assertTrue(untouched.get("rollbackDeploymentId").isNull(), "refusals write nothing");
        assertEquals(0, untouched.get("rollbackDeployments").size());

        JsonNode done = ok(200, fx.admin("POST", rollback, fx.adminToken, body));
        assertEquals("HALTED", done.get("state").asText());
        JsonNode moved = done.get("rollbackDeployments");
        assertEquals(1, moved.size(), done.toString());
        assertEquals("r1", moved.get(0).get("releaseId").asText());
        assertEquals(1, moved.get(0).get("level").asLong());
        assertEquals(a.clientId, moved.get(0).get("clientIds").get(0).asText());
        assertEquals(1, moved.get(0).get("clientIds").size(), "b failed: the framework already rolled it back");
        String back = moved.get(0).get("deploymentId").asText();
        assertEquals(back, done.get("rollbackDeploymentId").asText());
        assertEquals(c.clientId, done.get("rollbackSkipped").get(0).get("clientId").asText());
        assertTrue(done.get("rollbackSkipped").get(0).get("reason").asText().contains("initial bundles"));
        JsonNode event = done.get("events").get(done.get("events").size() - 1);
        assertEquals("ROLLBACK", event.get("kind").asText());
        assertEquals(done.get("rollbackDeployments"), ok(200, fx.admin("GET", ROLLOUTS + "/status?id=" + id, readOnly,
                null)).get("rollbackDeployments"), "the status shows it too");

        JsonNode rollbackOffer = checkIn(a, 2, "UP").get("deployment");
        assertEquals(back, rollbackOffer.get("deploymentId").asText());
        assertEquals("r1", rollbackOffer.get("releaseId").asText());
        assertEquals(1, rollbackOffer.get("level").asLong());
        assertTrue(rollbackOffer.get("rollback").asBoolean());
        assertEquals("r2", rollbackOffer.get("replacesReleaseId").asText());
        assertEquals(2, rollbackOffer.get("replacesLevel").asLong());
        JsonNode clients = ok(200, fx.admin("GET", "/admin/v1/deployments/status?id=" + back, readOnly, null))
                .get("clients");
        assertEquals("PENDING", clients.get(0).get("state").asText(), "at level 2, not yet back at 1: " + clients);
        report(a, 1, "COMMITTED", back);
        checkIn(a, 1, "UP");
        assertEquals("COMMITTED", ok(200, fx.admin("GET", "/admin/v1/deployments/status?id=" + back, readOnly, null))
                .get("clients").get(0).get("state").asText());
        JsonNode notBack = checkIn(c, 2, "UP").path("deployment");
        assertTrue(notBack.path("rollback").isMissingNode(), "c was skipped: " + notBack);

        assertRefused(409, "already_rolled_back", fx.admin("POST", rollback, fx.adminToken, body));
        JsonNode audit = ok(200, fx.admin("GET", "/admin/v1/audit?limit=1", readOnly, null)).get("entries").get(0);
        assertEquals(rollback, audit.get("path").asText());
        assertEquals(200, audit.get("status").asInt(), "the refused second rollback is not audited");
        assertTrue(audit.get("detail").asText().contains(id), audit.toString());
    }
}
