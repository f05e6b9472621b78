package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.crypto.api.push.PushUrgency;
import io.patchbay.crypto.api.request.RequestSigner;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.Root;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchbay push ...} and {@code server rotate-push-key} against a server run by {@code patchbay server start}
 * with the push flags: a host holding the push stream receives the pushed message, status follows its answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;

    CliServer server;
    Path data;
    HttpClient http;
    OperatorConfig config;

    @BeforeAll
    void initAndStart() throws Exception {
        server = CliServer.start(temp, "--push-keepalive", "2s", "--push-ttl", "2m", "--push-max-connections", "50",
                "--node-id", "cli-node");
        data = server.data;
        http = server.http;
        config = server.config;
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    CliRun cli(String command, String... rest) {
        return server.cli(command, rest);
    }

    record Host(String clientId, SigningKeyPair signing, SealingKeyPair sealing) {
    }

    Host enroll() throws Exception {
        String token = JSON.readTree(cli("enroll-token", "--json").out()).get("token").asText();
        SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
        SealingKeyPair sealing = SealingKeyPair.generate(RANDOM);
        JsonNode enrolled = new AdminClient(URI.create(config.serverUrl()), config.pinSha256(), "unused")
                .post("/device/v1/enroll", Map.of("token", token, "signingKey", signing.publicKey().base64Url(),
                        "sealingKey", sealing.publicKey().base64Url()));
        return new Host(enrolled.get("clientId").asText(), signing, sealing);
    }

    HttpRequest.Builder signed(Host host, String method, String path, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.serverUrl() + path));
        new RequestSigner(host.clientId(), host.signing(), Clock.systemUTC(), RANDOM).sign(method, path, body).asMap()
                .forEach(request::header);
        return request;
    }

    /** The data line of the next event named {@code name}, skipping keepalives; bounded by the stream's own keepalive. */
    static String nextData(BufferedReader lines, String name) throws Exception {
        String event = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && name.equals(event)) {
                return line.substring(6);
            }
        }
        return null;
    }

    SigningPublicKey rootPushKey() throws Exception {
        Path metadata = data.resolve("repository/metadata");
        int version = 1;
        while (Files.exists(metadata.resolve((version + 1) + ".root.json"))) {
            version++;
        }
        Root root = Root.of(Metadata.parse(Files.readAllBytes(metadata.resolve(version + ".root.json"))));
        return SigningPublicKey.fromBase64Url(root.pushKeys().get(0));
    }

    @Test
    void checkNowReachesTheHostAndStatusFollowsItsAnswer() throws Exception {
        Host host = enroll();
        HttpResponse<InputStream> stream = http.send(signed(host, "GET", "/device/v1/push", new byte[0]).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            JsonNode hello = JSON.readTree(nextData(lines, "hello"));
            assertEquals("cli-node", hello.get("node").asText());
            assertEquals(2, hello.get("keepaliveSeconds").asInt());

            CliRun pushed = cli("push check-now", "--client", host.clientId(), "--urgent", "--json");
            assertEquals(0, pushed.exit(), pushed.toString());
            JsonNode push = JSON.readTree(pushed.out());
            assertEquals(Duration.ofMinutes(2), Duration.between(Instant.parse(push.get("createdAt").asText()),
                    Instant.parse(push.get("expiresAt").asText())), "--push-ttl is the default TTL");
            String sealed = nextData(lines, "push");
            assertNotNull(sealed);
            PushMessage message = new PushOpener(host.sealing(), host.clientId(), List.of(rootPushKey()),
                    Clock.systemUTC(), Duration.ofSeconds(60)).open(sealed);
            assertEquals(push.get("id").asLong(), message.counter());
            assertEquals(PushAction.CHECK_NOW, message.action());
            assertEquals(PushUrgency.URGENT, message.urgency());

            long id = push.get("id").asLong();
            CliRun before = cli("push status", Long.toString(id));
            assertEquals(0, before.exit(), before.toString());
            assertTrue(before.out().contains("0 answered, 1 unanswered"), before.out());
            assertTrue(before.out().contains("no answer: " + host.clientId()), before.out());

            byte[] body = "{\"patchSequence\":0,\"bundles\":[],\"facts\":{},\"channel\":\"stable\"}"
                    .getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> checkIn = http.send(signed(host, "POST", "/device/v1/check-in", body)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, checkIn.statusCode(), checkIn.body());
            JsonNode after = JSON.readTree(cli("push status", Long.toString(id), "--wait", "10s", "--json").out());
            assertEquals(1, after.get("answered").asLong());
            assertTrue(after.get("complete").asBoolean());
        }
    }

    @Test
    void usageErrorsAndRefusalsHaveTheirExitCodes() {
        assertEquals(CliException.USAGE, cli("push check-now").exit(), "an audience is needed");
        assertEquals(CliException.USAGE, cli("push check-now", "--all", "--channel", "beta").exit(), "only one");
        assertEquals(CliException.USAGE, cli("push report-home", "--all", "--ttl", "soon").exit());
        assertEquals(CliException.USAGE, cli("push status", "1", "--wait", "2m").exit());
        CliRun tooLong = cli("push report-home", "--all", "--ttl", "2h");
        assertEquals(CliException.REFUSED, tooLong.exit(), tooLong.toString());
        assertTrue(tooLong.oneErrorLine().contains("invalid_input"), tooLong.err());
        CliRun unknown = cli("push status", "999999");
        assertEquals(CliException.REFUSED, unknown.exit());
        assertTrue(unknown.oneErrorLine().contains("unknown_push"), unknown.err());
        CliRun all = cli("push report-home", "--all");
        assertEquals(0, all.exit(), all.toString());
        assertTrue(all.out().startsWith("Push "), all.out());
    }

    @Test
    void rotatePushKeyPublishesANewRootListingOnlyTheNewKey() throws Exception {
        SigningPublicKey before = rootPushKey();
        CliRun rotated = cli("server rotate-push-key", "--json");
        assertEquals(0, rotated.exit(), rotated.toString());
        JsonNode key = JSON.readTree(rotated.out());
        assertEquals(List.of(key.get("pushKey").asText()), JSON.convertValue(key.get("rootPushKeys"), List.class));
        assertEquals(key.get("pushKey").asText(), rootPushKey().base64Url());
        assertTrue(!before.base64Url().equals(rootPushKey().base64Url()));
    }
}
