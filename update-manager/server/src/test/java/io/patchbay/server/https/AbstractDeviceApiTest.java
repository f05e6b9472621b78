package io.patchbay.server.https;

import static io.patchbay.server.https.ServerFixture.checkInBody;
import static io.patchbay.server.https.ServerFixture.error;
import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.server.https.ServerFixture.Device;
import io.patchbay.server.impl.store.Nonces;
import io.patchbay.testsupport.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The device API end to end over HTTPS: enrollment, signed check-in, feedback and key rotation, and every
 * refusal with its status, reason, and nothing written. Runs on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDeviceApiTest {
    static final String CHECK_IN = "/device/v1/check-in";
    static final String FEEDBACK = "/device/v1/feedback";
    static final String ENROLL = "/device/v1/enroll";
    static final String KEYS = "/device/v1/keys";

    ServerFixture fx;

    abstract ServerFixture newFixture() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        fx = newFixture();
    }

    @AfterAll
    void stopServer() {
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeEach
    void emptyTables() throws Exception {
        fx.reset();
    }

    @Test
    void enrollmentRegistersBothKeysAndConsumesTheToken() throws Exception {
        Device device = Device.generate();
        HttpResponse<String> reply = fx.post(ENROLL, device.enrollBody(fx.enrollmentToken("stable")), Map.of());
        assertEquals(201, reply.statusCode(), reply.body());
        JsonNode body = json(reply);
        assertEquals("stable", body.get("channel").asText());
        assertEquals(300, body.get("pollAfterSeconds").asLong());
        String row = fx.snapshot().get("clients").get(0);
        assertTrue(row.startsWith(body.get("clientId").asText() + "|"), row);
        assertTrue(row.contains(java.util.HexFormat.of().formatHex(device.signing.publicKey().raw())), row);
        assertTrue(row.contains(java.util.HexFormat.of().formatHex(device.sealing.publicKey().raw())), row);
    }

    @Test
    void enrollmentRefusalsWriteNothing() throws Exception {
        String token = fx.enrollmentToken("stable");
        fx.enroll("stable");
        Device first = Device.generate();
        assertEquals(201, fx.post(ENROLL, first.enrollBody(token), Map.of()).statusCode());

        Map<String, List<String>> before = fx.snapshot();
        // Reused, unknown, and (after the clock passes its hour) expired tokens: one uniform 401.
        assertRefused(401, "enrollment_token_rejected", fx.post(ENROLL, Device.generate().enrollBody(token), Map.of()));
        assertRefused(401, "enrollment_token_rejected",
                fx.post(ENROLL, Device.generate().enrollBody("pbenr_" + "A".repeat(43)), Map.of()));
        // A key already registered: 409, and the token stays unused.
        String fresh = fx.enrollmentToken("stable");
        before = fx.snapshot();
        assertRefused(409, "key_in_use", fx.post(ENROLL, first.enrollBody(fresh), Map.of()));
        // Bad keys and bodies: 400.
        assertRefused(400, "invalid_input", fx.post(ENROLL, "{\"token\":\"" + fresh
                + "\",\"signingKey\":\"AAAA\",\"sealingKey\":\"AAAA\"}", Map.of()));
        assertRefused(400, "invalid_input", fx.post(ENROLL, "{\"signingKey\":\"x\"}", Map.of()));
        assertRefused(400, "malformed_json", fx.post(ENROLL, "{\"token\": ", Map.of()));
        assertEquals(before, fx.snapshot());

        fx.clock.advance(Duration.ofHours(2));
        assertRefused(401, "enrollment_token_rejected", fx.post(ENROLL, Device.generate().enrollBody(fresh), Map.of()));
        assertEquals(before, fx.snapshot());
    }

    @Test
    void signedCheckInRecordsTheLevelAndAnswersWithTheSleepHint() throws Exception {
        Device device = fx.enroll("stable");
        HttpResponse<String> reply = fx.signed(device, CHECK_IN, checkInBody(4));
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals(300, json(reply).get("pollAfterSeconds").asLong());
        assertFalse(json(reply).get("finishKeyRotation").asBoolean());
        String state = fx.snapshot().get("client_state").get(0);
        assertTrue(state.contains("|4|") && state.contains("io.patchbay.greeter") && state.contains("linux"), state);
        assertEquals(1, fx.count("request_nonces"));
    }

    @Test
    void aFinalReportResentWithItsTransactionIdIsAcceptedOnceAndStoredOnce() throws Exception {
        Device device = fx.enroll("stable");
        String body = "{\"targetSequence\":2,\"state\":\"COMMITTED\",\"transactionId\":\"swap-42\"}";
        HttpResponse<String> first = fx.signed(device, FEEDBACK, body);
        assertEquals(202, first.statusCode(), first.body());
        HttpResponse<String> again = fx.signed(device, FEEDBACK, body); // a new nonce: the agent lost the 202
        assertEquals(202, again.statusCode(), again.body());
        assertEquals(json(first).get("reportId").asText(), json(again).get("reportId").asText());
        assertEquals(1, fx.count("install_reports"));
        assertRefused(400, "invalid_input", fx.signed(device, FEEDBACK,
                "{\"targetSequence\":3,\"state\":\"COMMITTED\",\"transactionId\":\"../../etc\"}"));
        assertEquals(1, fx.count("install_reports"));
    }

    @Test
    void feedbackStoresProgressAndFailuresWithCauseTimingsAndLog() throws Exception {
        Device device = fx.enroll("stable");
        HttpResponse<String> progress = fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"DOWNLOADING\"}");
        assertEquals(202, progress.statusCode(), progress.body());
        assertFalse(json(progress).get("finalResult").asBoolean());
        HttpResponse<String> failed = fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"ROLLED_BACK\","
                + "\"cause\":\"health check greeter failed\",\"timings\":[{\"step\":\"verify\",\"millis\":12},"
                + "{\"step\":\"health-gate\",\"millis\":3000}],\"log\":\"swap 5: health gate timed out\"}");
        assertEquals(202, failed.statusCode(), failed.body());
        assertTrue(json(failed).get("finalResult").asBoolean());

        HttpResponse<String> view = fx.admin("GET", "/admin/v1/installs/failed", fx.init.adminToken(), null);
        assertEquals(200, view.statusCode(), view.body());
        JsonNode install = json(view).get("installs").get(0);
        assertEquals(device.clientId, install.get("clientId").asText());
        assertEquals("ROLLED_BACK", install.get("state").asText());
        assertEquals("health check greeter failed", install.get("cause").asText());
        assertEquals(3000, install.get("timings").get(1).get("millis").asLong());
        assertEquals("swap 5: health gate timed out", install.get("log").asText());
        assertEquals(1, json(view).get("installs").size());

        Map<String, List<String>> before = fx.snapshot();
        assertRefused(400, "invalid_input", fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"DONE\"}"));
        assertRefused(413, "too_large", fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"CRASHED\","
                + "\"log\":\"" + "x".repeat(9000) + "\"}"));
        assertRefused(400, "invalid_input", fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"APPLYING\","
                + "\"policy\":[1]}"));
        assertRefused(400, "invalid_input", fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"APPLYING\","
                + "\"policy\":{\"deferrals\":-1}}"));
        assertRefused(400, "invalid_input", fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"APPLYING\","
                + "\"deploymentId\":\"a b\"}"));
        assertRefused(413, "too_large", fx.signed(device, FEEDBACK, "{\"targetSequence\":5,\"state\":\"APPLYING\","
                + "\"policy\":{\"reason\":\"" + "x".repeat(9000) + "\"}}"));
        assertEquals(before, fx.snapshot());
    }

    @Test
    void unsignedForgedTamperedStaleAndUnknownRequestsAreRefusedAndWriteNothing() throws Exception {
        Device device = fx.enroll("stable");
        String body = checkInBody(1);
        Map<String, List<String>> before = fx.snapshot();

        assertRefused(401, "missing_header", fx.post(CHECK_IN, body, Map.of()));

        Device forger = Device.generate();
        forger.clientId = device.clientId;
        assertRefused(401, "bad_signature", fx.post(CHECK_IN, body, forger.sign(fx.clock, CHECK_IN, body)));

        Map<String, String> signedForOther = device.sign(fx.clock, CHECK_IN, body);
        assertRefused(401, "bad_signature", fx.post(CHECK_IN, checkInBody(99), signedForOther));
        assertRefused(401, "bad_signature", fx.post(FEEDBACK, body, device.sign(fx.clock, CHECK_IN, body)));

        MutableClock past = new MutableClock(fx.clock.instant().minus(Duration.ofMinutes(6)));
        assertRefused(401, "stale", fx.post(CHECK_IN, body, device.sign(past, CHECK_IN, body)));

        Device stranger = Device.generate();
        stranger.clientId = "00000000-0000-0000-0000-000000000000";
        assertRefused(401, "unknown_client", fx.post(CHECK_IN, body, stranger.sign(fx.clock, CHECK_IN, body)));

        Map<String, String> duplicated = new HashMap<>(device.sign(fx.clock, CHECK_IN, body));
        duplicated.put("Patchbay-Nonce", "not base64!");
        assertRefused(400, "malformed", fx.post(CHECK_IN, body, duplicated));

        assertEquals(before, fx.snapshot());
    }

    @Test
    void replayIsRefusedAndTheReplayedWriteIsNotRecorded() throws Exception {
        Device device = fx.enroll("stable");
        String body = checkInBody(2);
        Map<String, String> headers = device.sign(fx.clock, CHECK_IN, body);
        assertEquals(200, fx.post(CHECK_IN, body, headers).statusCode());
        Map<String, List<String>> before = fx.snapshot();
        assertRefused(401, "replayed", fx.post(CHECK_IN, body, headers));
        assertEquals(before, fx.snapshot());

        // Once the nonce is purged its timestamp is outside the window: still refused, now as stale.
        fx.clock.advance(Duration.ofMinutes(6));
        assertEquals(1, new Nonces(fx.database, fx.clock).purgeExpired());
        before = fx.snapshot();
        assertRefused(401, "stale", fx.post(CHECK_IN, body, headers));
        assertEquals(before, fx.snapshot());
    }

    @Test
    void revokedClientIsRefusedUntilItEnrollsAgain() throws Exception {
        Device device = fx.enroll("stable");
        HttpResponse<String> revoked = fx.admin("POST", "/admin/v1/clients/revoke", fx.init.adminToken(),
                "{\"clientId\":\"" + device.clientId + "\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        Map<String, List<String>> before = fx.snapshot();
        assertRefused(403, "revoked", fx.signed(device, CHECK_IN, checkInBody(1)));
        assertRefused(403, "revoked", fx.signed(device, FEEDBACK, "{\"targetSequence\":1,\"state\":\"APPLYING\"}"));
        assertEquals(before, fx.snapshot());
        // Enrolling again needs new keys (the revoked ones stay registered to the revoked client).
        Device again = fx.enroll("stable");
        assertEquals(200, fx.signed(again, CHECK_IN, checkInBody(1)).statusCode());
    }

    @Test
    void keyRotationKeepsTheOldKeyForTheOverlapOnly() throws Exception {
        Device device = fx.enroll("stable");
        SigningKeyPair oldKey = device.signing;
        Device next = Device.generate();
        String rotation = "{\"signingKey\":\"" + next.signing.publicKey().base64Url() + "\",\"sealingKey\":\""
                + next.sealing.publicKey().base64Url() + "\"}";
        HttpResponse<String> rotated = fx.signed(device, KEYS, rotation);
        assertEquals(200, rotated.statusCode(), rotated.body());

        HttpResponse<String> withOld = fx.signed(device, CHECK_IN, checkInBody(1));
        assertEquals(200, withOld.statusCode(), withOld.body());
        assertTrue(json(withOld).get("finishKeyRotation").asBoolean());
        assertRefused(401, "previous_key", fx.signed(device, KEYS, rotation));

        device.signing = next.signing;
        HttpResponse<String> withNew = fx.signed(device, CHECK_IN, checkInBody(2));
        assertEquals(200, withNew.statusCode(), withNew.body());
        assertFalse(json(withNew).get("finishKeyRotation").asBoolean());

        fx.clock.advance(Duration.ofMinutes(11));
        device.signing = oldKey;
        Map<String, List<String>> before = fx.snapshot();
        assertRefused(401, "bad_signature", fx.signed(device, CHECK_IN, checkInBody(3)));
        assertEquals(before, fx.snapshot());
    }

    @Test
    void oversizedMalformedAndWrongTypeBodiesAreRefused() throws Exception {
        Device device = fx.enroll("stable");
        Map<String, List<String>> before = fx.snapshot();
        String huge = "{\"patchSequence\":1,\"bundles\":[],\"facts\":{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}}";
        assertRefused(413, "too_large", fx.signed(device, CHECK_IN, huge));
        assertRefused(400, "malformed_json", fx.signed(device, CHECK_IN, "{\"patchSequence\":1,"));
        assertRefused(400, "malformed_json", fx.signed(device, CHECK_IN, "{\"patchSequence\":1} {}"));
        String deep = "{\"patchSequence\":1,\"bundles\":[],\"facts\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}";
        assertRefused(400, "malformed_json", fx.signed(device, CHECK_IN, deep));
        String bigFacts = "{\"patchSequence\":1,\"bundles\":[],\"facts\":{\"pad\":\"" + "x".repeat(20 * 1024) + "\"}}";
        assertRefused(413, "too_large", fx.signed(device, CHECK_IN, bigFacts));
        assertRefused(400, "invalid_input", fx.signed(device, CHECK_IN, "{\"bundles\":[]}"));
        HttpResponse<String> text = fx.send(java.net.http.HttpRequest.newBuilder(fx.uri(ENROLL))
                .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertRefused(415, "unsupported_media_type", text);
        assertRefused(405, "method_not_allowed", fx.send(java.net.http.HttpRequest.newBuilder(fx.uri(CHECK_IN)).GET().build()));
        assertRefused(404, "not_found", fx.send(java.net.http.HttpRequest.newBuilder(fx.uri("/device/v2/x")).GET().build()));
        assertEquals(before, fx.snapshot());
    }

    @Test
    void theSignatureCoversTheRawRequestTargetAsSent() throws Exception {
        Device device = fx.enroll("stable");
        String target = CHECK_IN + "?hint=%41%2Fb";
        String body = checkInBody(2);
        HttpResponse<String> reply = fx.post(target, body, device.sign(fx.clock, target, body));
        assertEquals(200, reply.statusCode(), reply.body());
        Map<String, List<String>> before = fx.snapshot();
        // The same bytes signed for the decoded target do not verify against what was sent.
        assertRefused(401, "bad_signature", fx.post(target, body, device.sign(fx.clock, CHECK_IN + "?hint=A/b", body)));
        assertEquals(before, fx.snapshot());
    }

    @Test
    void concurrentCopiesOfOneSignedRequestAreAcceptedOnce() throws Exception {
        Device device = fx.enroll("stable");
        String body = checkInBody(6);
        Map<String, String> headers = device.sign(fx.clock, CHECK_IN, body);
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(fx.uri(CHECK_IN))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> copies = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            copies.add(fx.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        int accepted = 0;
        for (var copy : copies) {
            HttpResponse<String> reply = copy.get(30, java.util.concurrent.TimeUnit.SECONDS);
            if (reply.statusCode() == 200) {
                accepted++;
            } else {
                assertRefused(401, "replayed", reply);
            }
        }
        assertEquals(1, accepted);
        assertTrue(fx.snapshot().get("client_state").get(0).contains("|1|"), "one check-in counted");
    }

    @Test
    void oversizedHeadersAreRefusedBeforeAnyLookup() throws Exception {
        Device device = fx.enroll("stable");
        String body = checkInBody(1);
        Map<String, List<String>> before = fx.snapshot();
        Map<String, String> longSignature = new HashMap<>(device.sign(fx.clock, CHECK_IN, body));
        longSignature.put("Patchbay-Signature", "A".repeat(200));
        assertRefused(431, "oversized", fx.post(CHECK_IN, body, longSignature));
        // Past Jetty's request header limit (8 KiB) the connector itself answers 431.
        HttpResponse<String> huge = fx.post(CHECK_IN, body, Map.of("X-Padding", "p".repeat(16 * 1024)));
        assertEquals(431, huge.statusCode());
        assertEquals(before, fx.snapshot());
    }

    static void assertRefused(int status, String error, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(error, error(response), response.body());
        assertFalse(json(response).path("message").asText().isEmpty(), response.body());
    }
}
