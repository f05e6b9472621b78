package io.patchbay.server.https;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.https.ServerFixture.Device;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.store.Releases;
import io.patchbay.server.store.ReleaseBundle;
import io.patchbay.server.testing.DataDirectories;
import io.patchbay.server.testing.PostgresServer;
import io.patchbay.testsupport.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout on two server nodes sharing PostgreSQL: created on node A, driven by hosts that check in and report
 * through node B, operated from either node. Each node's engine evaluates what its own device API saw; both read
 * the same state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeRolloutTest {
    @TempDir
    static Path nodeA;
    @TempDir
    static Path nodeB;

    final MutableClock clock = new MutableClock(ServerFixture.START);
    InitResult init;
    UpdateServer a;
    UpdateServer b;
    Database database;
    HttpClient http;

    @BeforeAll
    void start() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.createDatabase("rollout2_" + Long.toHexString(System.nanoTime()));
        init = builder(nodeA, url, postgres).init();
        DataDirectories.copy(nodeA, nodeB);
        a = builder(nodeA, url, postgres).start();
        b = builder(nodeB, url, postgres).start();
        database = Database.open(DatabaseSettings.of(url, PostgresServer.USER, postgres.password()));
        http = ServerFixture.client(ServerFixture.trusting(a.certificate()));
    }

    private UpdateServer.Builder builder(Path dir, String url, PostgresServer postgres) {
        return UpdateServer.builder(dir).database(url, PostgresServer.USER, postgres.password()).clock(clock)
                .pollInterval(Duration.ofMinutes(5));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {b, a, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    HttpResponse<String> send(UpdateServer node, String path, String json, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUri() + path));
        headers.forEach(request::header);
        if (json == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode admin(UpdateServer node, String path, String json, int status) throws Exception {
        HttpResponse<String> response = send(node, path, json, Map.of("Authorization", "Bearer " + init.adminToken()));
        assertEquals(status, response.statusCode(), response.body());
        return ServerFixture.json(response);
    }

    JsonNode device(UpdateServer node, Device device, String path, String json) throws Exception {
        HttpResponse<String> response = send(node, path, json, device.sign(clock, path, json));
        assertTrue(response.statusCode() / 100 == 2, response.body());
        return ServerFixture.json(response);
    }

    Device enroll(UpdateServer node) throws Exception {
        String token = admin(node, "/admin/v1/enrollment-tokens", "{\"channel\":\"stable\"}", 201).get("token").asText();
        Device device = Device.generate();
        HttpResponse<String> enrolled = send(node, "/device/v1/enroll", device.enrollBody(token), Map.of());
        assertEquals(201, enrolled.statusCode(), enrolled.body());
        device.clientId = ServerFixture.json(enrolled).get("clientId").asText();
        return device;
    }

    /** A check-in through {@code node}, then the install of whatever it is assigned, reported as {@code outcome}. */
    void poll(UpdateServer node, Device host, String outcome) throws Exception {
        JsonNode reply = device(node, host, "/device/v1/check-in", "{\"patchSequence\":0,\"bundles\":[],"
                + "\"facts\":{\"health\":\"UP\"}}");
        JsonNode assigned = reply.path("deployment");
        if (assigned.isObject()) {
            device(node, host, "/device/v1/feedback", "{\"targetSequence\":" + assigned.get("level").asLong()
                    + ",\"state\":\"" + outcome + "\",\"deploymentId\":\"" + assigned.get("deploymentId").asText()
                    + "\"}");
        }
    }

    @Test
    void hostsOnNodeBDriveARolloutCreatedOnNodeA() throws Exception {
        Device canary = enroll(a);
        Device second = enroll(b);
        String sha = "c".repeat(64);
        new Releases(database, clock).create("r1", List.of(new ReleaseBundle("bundles/io.example.two/1.0.0/" + sha
                + ".jar", "io.example.two", "1.0.0", sha, 10)), "op", level -> { });
        String id = admin(a, "/admin/v1/rollouts", "{\"releaseId\":\"r1\",\"channel\":\"stable\",\"soakSeconds\":0,"
                + "\"groups\":[{\"clientIds\":[\"" + canary.clientId + "\"]},{\"percent\":100}]}", 201)
                .get("id").asText();

        poll(b, canary, "COMMITTED");
        JsonNode seenOnA = admin(a, "/admin/v1/rollouts/status?id=" + id, null, 200);
        assertEquals("FINISHED", seenOnA.get("groups").get(0).get("state").asText(), "node B's engine advanced it");
        assertEquals("RUNNING", seenOnA.get("groups").get(1).get("state").asText());
        assertEquals(1, seenOnA.get("groups").get(1).get("size").asInt());

        assertEquals("PAUSED", admin(b, "/admin/v1/rollouts/pause", "{\"id\":\"" + id + "\"}", 200)
                .get("state").asText());
        assertEquals("PAUSED", admin(a, "/admin/v1/rollouts/status?id=" + id, null, 200).get("state").asText());
        poll(a, second, "ROLLED_BACK");
        JsonNode halted = admin(b, "/admin/v1/rollouts/status?id=" + id, null, 200);
        assertEquals("HALTED", halted.get("state").asText(), "a paused rollout still halts on a failure");
        assertTrue(halted.get("haltReason").asText().contains(second.clientId + ": ROLLED_BACK"),
                halted.get("haltReason").asText());
        assertEquals(1, halted.get("events").findValues("kind").stream()
                .filter(k -> k.asText().equals("HALTED")).count());
    }
}
