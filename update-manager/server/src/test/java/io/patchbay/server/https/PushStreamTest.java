package io.patchbay.server.https;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.crypto.api.push.PushRefusal;
import io.patchbay.crypto.api.push.PushRefusedException;
import io.patchbay.crypto.api.push.PushUrgency;
import io.patchbay.server.api.PushSettings;
import io.patchbay.server.https.PushStreamClient.Event;
import io.patchbay.server.https.ServerFixture.Device;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push stream {@code GET /device/v1/push} end to end on H2: authentication refusals, hello and keepalives, sealed
 * pushes that open for exactly their audience with the batch id as counter, targeting, revocation, and one INSERT per
 * push whatever its audience.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushStreamTest {
    static final String PATH = "/device/v1/push";

    @TempDir
    static Path dataDirectory;

    ServerFixture fx;
    final List<PushStreamClient> open = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        fx = ServerFixture.h2(dataDirectory, b -> b.push(PushSettings.defaults().withKeepalive(Duration.ofSeconds(1))
                .withRescan(Duration.ofMillis(200)).withNodeId("node-a")));
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() throws Exception {
        fx.reset();
    }

    @AfterEach
    void closeStreams() {
        open.forEach(PushStreamClient::close);
        open.clear();
    }

    PushStreamClient connect(Device device) throws Exception {
        return connect(device.signGet(fx.clock, PATH));
    }

    PushStreamClient connect(Map<String, String> headers) throws Exception {
        PushStreamClient stream = PushStreamClient.open(fx.http, fx.uri(PATH), headers);
        open.add(stream);
        return stream;
    }

    /** A stream past its hello. */
    PushStreamClient connected(Device device) throws Exception {
        PushStreamClient stream = connect(device);
        assertEquals(200, stream.status(), stream.status() == 200 ? "" : stream.body());
        Event hello = stream.nextEvent();
        assertNotNull(hello);
        assertEquals("hello", hello.event());
        return stream;
    }

    JsonNode push(String body) throws Exception {
        HttpResponse<String> created = fx.admin("POST", "/admin/v1/pushes", fx.init.adminToken(), body);
        assertEquals(201, created.statusCode(), created.body());
        return ServerFixture.json(created);
    }

    SigningPublicKey pushKey() throws Exception {
        HttpResponse<String> key = fx.admin("GET", "/admin/v1/server/push-key", fx.init.adminToken(), null);
        assertEquals(200, key.statusCode(), key.body());
        return SigningPublicKey.fromBase64Url(ServerFixture.json(key).get("pushKey").asText());
    }

    PushMessage open(Device device, Event event) throws Exception {
        assertNotNull(event, "no push arrived");
        assertEquals("push", event.event());
        return new PushOpener(device.sealing, device.clientId, List.of(pushKey()), fx.clock, Duration.ofSeconds(60))
                .open(event.data());
    }

    @Test
    void unsignedReplayedAndRevokedStreamsAreRefused() throws Exception {
        Device device = fx.enroll("stable");
        PushStreamClient unsigned = connect(Map.of());
        assertEquals(401, unsigned.status());
        assertTrue(unsigned.body().contains("missing_header"));

        Map<String, String> headers = device.signGet(fx.clock, PATH);
        PushStreamClient first = connect(headers);
        assertEquals(200, first.status());
        PushStreamClient replayed = connect(headers);
        assertEquals(401, replayed.status());
        assertTrue(replayed.body().contains("\"replayed\""));

        Map<String, String> tampered = new java.util.HashMap<>(device.signGet(fx.clock, PATH + "?x=1"));
        PushStreamClient badSignature = connect(tampered);
        assertEquals(401, badSignature.status());
        assertTrue(badSignature.body().contains("bad_signature"));

        Device revoked = fx.enroll("stable");
        assertEquals(200, fx.admin("POST", "/admin/v1/clients/revoke", fx.init.adminToken(),
                "{\"clientId\":\"" + revoked.clientId + "\"}").statusCode());
        PushStreamClient refused = connect(revoked);
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("\"revoked\""));
    }

    @Test
    void aStreamOpenWhenItsClientIsRevokedIsClosed() throws Exception {
        Device device = fx.enroll("stable");
        PushStreamClient stream = connected(device);
        assertEquals(200, fx.admin("POST", "/admin/v1/clients/revoke", fx.init.adminToken(),
                "{\"clientId\":\"" + device.clientId + "\"}").statusCode());
        assertTrue(stream.ended(), "the revoked client's stream stayed open");
    }

    @Test
    void helloNamesTheNodeAndKeepalivesFollow() throws Exception {
        Device device = fx.enroll("stable");
        PushStreamClient stream = connect(device);
        assertEquals(200, stream.status());
        assertEquals("text/event-stream", stream.response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", stream.response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no", stream.response.headers().firstValue("X-Accel-Buffering").orElse(""));
        Event hello = stream.next();
        assertEquals("hello", hello.event());
        JsonNode data = ServerFixture.JSON.readTree(hello.data());
        assertEquals("node-a", data.get("node").asText());
        assertEquals(1, data.get("keepaliveSeconds").asInt());
        Event keepalive = stream.next();
        assertEquals(":", keepalive.event());
        assertEquals("k", keepalive.data());
    }

    @Test
    void aPushOpensForItsAudienceWithTheBatchIdAsCounter() throws Exception {
        Device device = fx.enroll("stable");
        Device other = fx.enroll("stable");
        PushStreamClient stream = connected(device);
        JsonNode created = push("{\"action\":\"CHECK_NOW\",\"urgency\":\"URGENT\",\"clientId\":\"" + device.clientId
                + "\",\"ttlSeconds\":120}");
        assertEquals(1, created.get("targeted").asLong());
        Event event = stream.nextEvent();
        PushMessage message = open(device, event);
        assertEquals(device.clientId, message.audience());
        assertEquals(created.get("id").asLong(), message.counter());
        assertEquals(PushAction.CHECK_NOW, message.action());
        assertEquals(PushUrgency.URGENT, message.urgency());
        assertEquals(java.time.Instant.parse(created.get("expiresAt").asText()), message.expiresAt());
        // Sealed to this client: another client's key cannot open it.
        PushRefusedException refused = assertThrows(PushRefusedException.class, () -> new PushOpener(other.sealing,
                other.clientId, List.of(pushKey()), fx.clock, Duration.ofSeconds(60)).open(event.data()));
        assertEquals(PushRefusal.UNOPENABLE, refused.reason());
    }

    @Test
    void pushesReachExactlyTheirTargetsAndEachIsOneInsert() throws Exception {
        Device a = fx.enroll("stable");
        Device b = fx.enroll("stable");
        Device c = fx.enroll("beta");
        PushStreamClient sa = connected(a);
        PushStreamClient sb = connected(b);
        PushStreamClient sc = connected(c);
        Map<String, List<String>> before = fx.snapshot();

        long channel = push("{\"action\":\"REPORT_HOME\",\"channel\":\"beta\"}").get("id").asLong();
        long group = push("{\"action\":\"CHECK_NOW\",\"clientIds\":[\"" + a.clientId + "\",\"" + c.clientId + "\"]}")
                .get("id").asLong();
        long single = push("{\"action\":\"CHECK_NOW\",\"clientId\":\"" + b.clientId + "\"}").get("id").asLong();
        JsonNode all = push("{\"action\":\"REPORT_HOME\",\"all\":true}");
        assertEquals(3, all.get("targeted").asLong());

        assertEquals(List.of(group, all.get("id").asLong()), counters(a, sa, 2));
        assertEquals(List.of(single, all.get("id").asLong()), counters(b, sb, 2));
        assertEquals(List.of(channel, group, all.get("id").asLong()), counters(c, sc, 3));
        assertEquals(PushAction.REPORT_HOME, open(c, lastOpened).action());

        Map<String, List<String>> after = fx.snapshot();
        assertEquals(4, after.get("push_batches").size() - before.get("push_batches").size(),
                "one row per push, none per client");
        after.remove("push_batches");
        before.remove("push_batches");
        assertEquals(before, after, "a push writes nothing else");
    }

    private Event lastOpened;

    private List<Long> counters(Device device, PushStreamClient stream, int n) throws Exception {
        List<Long> counters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lastOpened = stream.nextEvent();
            counters.add(open(device, lastOpened).counter());
        }
        return counters;
    }

    @Test
    void afterTheClientRotatesItsKeysPushesAreSealedToItsNewKey() throws Exception {
        Device device = fx.enroll("stable");
        PushStreamClient stream = connected(device);
        Device rotated = Device.generate();
        rotated.clientId = device.clientId;
        HttpResponse<String> keys = fx.signed(device, "/device/v1/keys", "{\"signingKey\":\""
                + rotated.signing.publicKey().base64Url() + "\",\"sealingKey\":\""
                + rotated.sealing.publicKey().base64Url() + "\"}");
        assertEquals(200, keys.statusCode(), keys.body());
        // The node learns the new key at its next sweep (every 200 ms here), not by a reconnect: push until it has.
        for (int i = 0; i < 50; i++) {
            long id = push("{\"action\":\"CHECK_NOW\",\"clientId\":\"" + device.clientId + "\"}").get("id").asLong();
            Event event = stream.nextEvent();
            try {
                assertEquals(id, open(rotated, event).counter());
                return;
            } catch (PushRefusedException e) {
                assertEquals(PushRefusal.UNOPENABLE, e.reason(), "sealed to the old key until the sweep");
            }
        }
        throw new AssertionError("the stream was never re-keyed");
    }

    @Test
    void aSecondStreamOfOneClientReplacesTheFirst() throws Exception {
        Device device = fx.enroll("stable");
        PushStreamClient first = connected(device);
        PushStreamClient second = connected(device);
        assertTrue(first.ended());
        long id = push("{\"action\":\"CHECK_NOW\",\"clientId\":\"" + device.clientId + "\"}").get("id").asLong();
        assertEquals(id, open(device, second.nextEvent()).counter());
    }
}
