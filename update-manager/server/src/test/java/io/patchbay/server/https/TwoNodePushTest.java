package io.patchbay.server.https;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.PushSettings;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.https.PushStreamClient.Event;
import io.patchbay.server.https.ServerFixture.Device;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes on one PostgreSQL (the data directory copied from node A to node B, as an operator deploys a
 * second node): a push created through node A reaches a client streaming from node B through LISTEN/NOTIFY. The
 * re-scan is set to 10 minutes, so only the notification can deliver it within the test's bounded wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodePushTest {
    @TempDir
    static Path nodeA;
    @TempDir
    static Path nodeB;

    final MutableClock clock = new MutableClock(ServerFixture.START);
    InitResult init;
    UpdateServer a;
    UpdateServer b;
    HttpClient http;

    @BeforeAll
    void start() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.createDatabase("push2_" + Long.toHexString(System.nanoTime()));
        init = builder(nodeA, url, postgres, "node-a").init();
        DataDirectories.copy(nodeA, nodeB);
        a = builder(nodeA, url, postgres, "node-a").start();
        b = builder(nodeB, url, postgres, "node-b").start();
        http = ServerFixture.client(ServerFixture.trusting(a.certificate()));
    }

    private UpdateServer.Builder builder(Path dir, String url, PostgresServer postgres, String node) {
        return UpdateServer.builder(dir).database(url, PostgresServer.USER, postgres.password()).clock(clock)
                .push(PushSettings.defaults().withRescan(Duration.ofMinutes(10)).withNodeId(node));
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    HttpResponse<String> admin(UpdateServer node, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUri() + path))
                .header("Authorization", "Bearer " + init.adminToken());
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    Device enroll(UpdateServer node) throws Exception {
        HttpResponse<String> token = admin(node, "POST", "/admin/v1/enrollment-tokens", "{\"channel\":\"stable\"}");
        assertEquals(201, token.statusCode(), token.body());
        Device device = Device.generate();
        HttpResponse<String> enrolled = http.send(HttpRequest.newBuilder(URI.create(node.baseUri() + "/device/v1/enroll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        device.enrollBody(ServerFixture.json(token).get("token").asText()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, enrolled.statusCode(), enrolled.body());
        device.clientId = ServerFixture.json(enrolled).get("clientId").asText();
        return device;
    }

    @Test
    void aPushCreatedOnNodeAReachesAClientStreamingFromNodeB() throws Exception {
        Device device = enroll(a);
        SigningPublicKey pushKey = SigningPublicKey.fromBase64Url(ServerFixture.json(
                admin(b, "GET", "/admin/v1/server/push-key", null)).get("pushKey").asText());
        try (PushStreamClient stream = PushStreamClient.open(http, URI.create(b.baseUri() + "/device/v1/push"),
                device.signGet(clock, "/device/v1/push"))) {
            assertEquals(200, stream.status());
            Event hello = stream.nextEvent();
            assertEquals("node-b", ServerFixture.JSON.readTree(hello.data()).get("node").asText());

            HttpResponse<String> created = admin(a, "POST", "/admin/v1/pushes", "{\"action\":\"REPORT_HOME\",\"all\":true}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode push = ServerFixture.json(created);
            Event event = stream.nextEvent();
            assertNotNull(event, "node B did not deliver node A's push");
            PushMessage message = new PushOpener(device.sealing, device.clientId, List.of(pushKey), clock,
                    Duration.ofSeconds(60)).open(event.data());
            assertEquals(push.get("id").asLong(), message.counter());
            assertEquals(PushAction.REPORT_HOME, message.action());

            // A second push, to the client by id, also crosses; both nodes agree on its status.
            long second = ServerFixture.json(admin(a, "POST", "/admin/v1/pushes", "{\"action\":\"CHECK_NOW\","
                    + "\"clientId\":\"" + device.clientId + "\"}")).get("id").asLong();
            assertEquals(second, new PushOpener(device.sealing, device.clientId, List.of(pushKey), clock,
                    Duration.ofSeconds(60)).open(stream.nextEvent().data()).counter());
            assertEquals(ServerFixture.json(admin(a, "GET", "/admin/v1/pushes/" + second, null)).get("unanswered"),
                    ServerFixture.json(admin(b, "GET", "/admin/v1/pushes/" + second, null)).get("unanswered"));
        }
    }
}
