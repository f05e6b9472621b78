package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.request.RequestSigner;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchbay rollout ...} against a server run by {@code patchbay server start}: create, status, list, pause,
 * resume, a halt caused by a host's CRASHED report (sent through the device API), rollback refused when no host
 * committed, a true rollback to each host's previous release, cancel, and the usage errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;

    CliServer server;
    OperatorConfig config;

    @BeforeAll
    void initAndStart() throws Exception {
        server = CliServer.start(temp);
        config = server.config;
        TestPki.Identity publisher = TestPki.stranger("CN=Rollout Test Publisher");
        Path jar = TestJars.write(temp, "a.jar", TestJars.bundle("io.example.rollout", "1.0.0").signedBy(publisher));
        CliRun published = cli("publish", jar.toString(), "--release-id", "r1");
        assertEquals(0, published.exit(), published.toString());
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    CliRun cli(String command, String... rest) {
        return server.cli(command, rest);
    }

    record Host(String clientId, SigningKeyPair signing) {
    }

    Host enroll(String channel) throws Exception {
        String token = JSON.readTree(cli("enroll-token", "--channel", channel, "--json").out()).get("token").asText();
        SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
        JsonNode enrolled = new AdminClient(URI.create(config.serverUrl()), config.pinSha256(), "unused")
                .post("/device/v1/enroll", Map.of("token", token, "signingKey", signing.publicKey().base64Url(),
                        "sealingKey", SealingKeyPair.generate(RANDOM).publicKey().base64Url()));
        return new Host(enrolled.get("clientId").asText(), signing);
    }

    JsonNode device(Host host, String path, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.serverUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        new RequestSigner(host.clientId(), host.signing(), Clock.systemUTC(), RANDOM).sign("POST", path, body).asMap()
                .forEach(request::header);
        HttpResponse<String> response = server.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void createWatchPauseResumeAndAHaltByACrashedHost() throws Exception {
        Host canary = enroll("canary");
        enroll("canary");
        CliRun created = cli("rollout create", "--release", "r1", "--channel", "canary", "--name", "first",
                "--group", "clients:" + canary.clientId(), "--group", "50%", "--group", "100%",
                "--success-threshold", "100", "--error-threshold", "1", "--soak", "0s", "--policy", "NOW", "--json");
        assertEquals(0, created.exit(), created.toString());
        JsonNode rollout = JSON.readTree(created.out());
        String id = rollout.get("id").asText();
        assertEquals("RUNNING", rollout.get("state").asText());
        assertEquals(3, rollout.get("groups").size());
        assertEquals(0, rollout.get("soakSeconds").asInt());

        CliRun status = cli("rollout status", id);
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("release r1 to channel canary, RUNNING"), status.out());
        assertTrue(status.out().matches("(?s).*\\n1\\s+clients:1\\s+RUNNING\\s+1\\s+0\\s+0\\s+0\\s+1\\s.*"), status.out());

        assertEquals("PAUSED", JSON.readTree(cli("rollout pause", id, "--json").out()).get("state").asText());
        CliRun again = cli("rollout pause", id);
        assertEquals(CliException.REFUSED, again.exit());
        assertTrue(again.oneErrorLine().contains("rollout_paused"), again.err());
        assertTrue(cli("rollout resume", id).out().contains(", RUNNING"));

        JsonNode reply = device(canary, "/device/v1/check-in", "{\"patchSequence\":0,\"bundles\":[],\"facts\":{}}");
        JsonNode assigned = reply.get("deployment");
        device(canary, "/device/v1/feedback", "{\"targetSequence\":" + assigned.get("level").asLong()
                + ",\"state\":\"CRASHED\",\"cause\":\"swap crashed\",\"deploymentId\":\""
                + assigned.get("deploymentId").asText() + "\"}");
        CliRun halted = cli("rollout status", id);
        assertTrue(halted.out().contains("HALTED: group 1 (clients:1) crossed its error threshold"), halted.out());
        assertTrue(halted.out().contains(canary.clientId() + ": CRASHED"), halted.out());

        CliRun rollback = cli("rollout rollback", id);
        assertEquals(CliException.REFUSED, rollback.exit());
        assertTrue(rollback.oneErrorLine().contains("nothing_to_roll_back"), rollback.err());
        CliRun down = cli("rollout rollback", id, "--release", "r1");
        assertEquals(CliException.REFUSED, down.exit());
        assertTrue(down.oneErrorLine().contains("downgrade_refused"), down.err());
        CliRun list = cli("rollout list");
        assertTrue(list.out().contains(id) && list.out().contains("HALTED"), list.out());
        JsonNode listed = JSON.readTree(cli("rollout list", "--json").out());
        assertEquals(id, listed.get("rollouts").get(0).get("id").asText());
        assertTrue(cli("rollout cancel", id).out().contains(", CANCELLED"));
    }

    /** Checks in, takes the assigned deployment and reports {@code state} for it; returns the deployment id. */
    String install(Host host, long running, String state) throws Exception {
        JsonNode assigned = device(host, "/device/v1/check-in", "{\"patchSequence\":" + running
                + ",\"bundles\":[],\"facts\":{}}").get("deployment");
        device(host, "/device/v1/feedback", "{\"targetSequence\":" + assigned.get("level").asLong() + ",\"state\":\""
                + state + "\",\"deploymentId\":\"" + assigned.get("deploymentId").asText() + "\"}");
        return assigned.get("deploymentId").asText();
    }

    @Test
    void aHaltedRolloutIsRolledBackToEachHostsPreviousRelease() throws Exception {
        Host a = enroll("back");
        Host b = enroll("back");
        Host fresh = enroll("back");
        assertEquals(0, cli("deploy", "r1", "--channel", "back", "--policy", "now").exit());
        install(a, 0, "COMMITTED");
        TestPki.Identity publisher = TestPki.stranger("CN=Rollout Test Publisher 2");
        Path jar = TestJars.write(temp, "b.jar", TestJars.bundle("io.example.rollout", "2.0.0").signedBy(publisher));
        assertEquals(0, cli("publish", jar.toString(), "--release-id", "r2").exit());
        String id = JSON.readTree(cli("rollout create", "--release", "r2", "--channel", "back", "--group",
                "clients:" + a.clientId() + "," + b.clientId() + "," + fresh.clientId(), "--error-threshold", "1",
                "--soak", "600s", "--policy", "NOW", "--json").out()).get("id").asText();
        install(a, 1, "COMMITTED");
        install(fresh, 0, "COMMITTED");
        install(b, 0, "ROLLED_BACK");
        assertTrue(cli("rollout status", id).out().contains(", HALTED"));

        CliRun rollback = cli("rollout rollback", id);
        assertEquals(0, rollback.exit(), rollback.toString());
        assertTrue(rollback.out().matches("(?s).*  rolled back: 1 host\\(s\\) to r1 \\(level \\d+\\) by deployment \\S+\\n.*"),
                rollback.out());
        assertTrue(rollback.out().contains("  not rolled back: " + fresh.clientId() + ": no release committed before r2"),
                rollback.out());
        JsonNode status = JSON.readTree(cli("rollout status", id, "--json").out());
        assertEquals(a.clientId(), status.get("rollbackDeployments").get(0).get("clientIds").get(0).asText());
        assertEquals(status.get("rollbackDeployments").get(0).get("deploymentId"), status.get("rollbackDeploymentId"));
        JsonNode offer = device(a, "/device/v1/check-in", "{\"patchSequence\":2,\"bundles\":[],\"facts\":{}}")
                .get("deployment");
        assertTrue(offer.get("rollback").asBoolean(), offer.toString());
        assertEquals("r2", offer.get("replacesReleaseId").asText());

        CliRun twice = cli("rollout rollback", id, "--json");
        assertEquals(CliException.REFUSED, twice.exit());
        assertTrue(twice.oneErrorLine().contains("already_rolled_back"), twice.err());
        assertTrue(cli("rollout cancel", id).out().contains(", CANCELLED"));
    }

    @Test
    void usageErrorsAndRefusalsHaveTheirExitCodes() {
        assertEquals(CliException.USAGE, cli("rollout").exit());
        assertEquals(CliException.USAGE, cli("rollout create", "--release", "r1", "--channel", "x").exit(),
                "a group is needed");
        assertEquals(CliException.USAGE, cli("rollout create", "--release", "r1", "--channel", "x", "--group",
                "half").exit());
        assertEquals(CliException.USAGE, cli("rollout create", "--release", "r1", "--channel", "x", "--group", "10%",
                "--error-threshold", "many").exit());
        assertEquals(CliException.USAGE, cli("rollout create", "--release", "r1", "--channel", "x", "--group", "10%",
                "--soak", "forever").exit());
        assertEquals(CliException.USAGE, cli("rollout pause", "x", "--release", "r1").exit());
        CliRun descending = cli("rollout create", "--release", "r1", "--channel", "x", "--group", "50%", "--group",
                "10%");
        assertEquals(CliException.REFUSED, descending.exit());
        assertTrue(descending.oneErrorLine().contains("cumulative"), descending.err());
        CliRun unknown = cli("rollout status", "no-such-rollout");
        assertEquals(CliException.REFUSED, unknown.exit());
        assertTrue(unknown.oneErrorLine().contains("unknown_rollout"), unknown.err());
    }
}
