package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchbay license ...} in-process against a server the CLI itself started, with the license server loaded
 * from the class path as {@code bin/patchbay server start} loads it. Instances are simulated over the device API.
 * Tests run in method order and share the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class LicenseCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;

    Path data;
    Path config;
    List<String> admin;
    final CountDownLatch stop = new CountDownLatch(1);
    Thread serverThread;
    String licenseId;
    String licenseKey;

    @BeforeAll
    void initAndStart() throws Exception {
        int port = CliServer.freePort();
        data = temp.resolve("data");
        CliRun init = CliRun.run("server", "init", "--data", data.toString(), "--port", Integer.toString(port));
        assertEquals(0, init.exit(), init.toString());
        config = data.resolve("operator.json");
        admin = List.of("--config", config.toString());
        serverThread = new Thread(() -> CliRun.run(server -> {
            stop.await();
            server.close();
        }, "server", "start", "--data", data.toString()), "cli-license-server");
        serverThread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!CliServer.accepts(port)) {
            assertTrue(System.nanoTime() < deadline, "the server did not start");
            assertTrue(serverThread.isAlive(), "server start ended early");
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        stop.countDown();
        serverThread.join(20_000);
    }

    private CliRun ok(String command, String... rest) {
        CliRun run = CliRun.run(CliRun.args(admin, command, rest));
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private JsonNode json(String command, String... rest) throws Exception {
        String[] withJson = java.util.Arrays.copyOf(rest, rest.length + 1);
        withJson[rest.length] = "--json";
        return JSON.readTree(ok(command, withJson).out());
    }

    @Test
    void a_issuePrintsTheKeyOnceAndListShowsTheLicense() throws Exception {
        JsonNode issued = json("license issue", "--customer", "ACME Corp.", "--feature", "reports", "--feature",
                "export@2031-01-01T00:00:00Z", "--limit", "reports.users=5", "--max-machines", "1",
                "--check-in", "1h", "--offline-grace", "3d");
        licenseKey = issued.get("licenseKey").asText();
        licenseId = issued.at("/license/id").asText();
        assertEquals(3600, issued.at("/license/policy/checkInSeconds").asLong());
        assertEquals(5, issued.at("/license/features/0/limits/users").asLong());
        assertEquals("2031-01-01T00:00:00Z", issued.at("/license/features/1/expiresAt").asText());

        CliRun human = ok("license issue", "--customer", "Other", "--feature", "reports");
        assertTrue(human.out().contains("the key is shown this once"), human.out());

        JsonNode listed = json("license list");
        assertTrue(listed.get("licenses").toString().contains(licenseId));
        assertFalse(listed.toString().contains(licenseKey), "never shown again");
        CliRun table = ok("license list");
        assertTrue(table.out().contains(licenseId) && table.out().contains("ACME Corp."), table.out());
    }

    @Test
    void b_flagsShowsALicenseSeenOnThreeMachinesWithItsReason() throws Exception {
        assertEquals(200, activate(instanceKey(), machine()).status());
        assertEquals("machine_limit", activate(instanceKey(), machine()).error());
        assertEquals("machine_limit", activate(instanceKey(), machine()).error());
        JsonNode flags = json("license flags", licenseId);
        assertEquals("TOO_MANY_MACHINES", flags.at("/flags/0/kind").asText());
        assertTrue(flags.at("/flags/0/reason").asText().contains("seen on 3 machines"), flags.toString());
        CliRun human = ok("license flags");
        assertTrue(human.out().contains("TOO_MANY_MACHINES"), human.out());

        JsonNode shown = json("license show", licenseId);
        assertEquals(1, shown.get("activations").size());
        assertTrue(ok("license show", licenseId).out().contains("TOO_MANY_MACHINES"));
    }

    @Test
    void c_offlineActivateWritesTheTokenAHostImports() throws Exception {
        JsonNode other = json("license issue", "--customer", "Air-gapped Ltd.", "--feature", "reports");
        SigningKeyPair host = instanceKey();
        Path requestFile = temp.resolve("activation-request.jws");
        Files.writeString(requestFile, LicenseTokens.signActivationRequest(new ActivationRequest(
                other.get("licenseKey").asText(), host.publicKey().base64Url(), machine(), nonce(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)), host) + "\n");
        Path tokenFile = temp.resolve("license.jwt");
        JsonNode answer = json("license offline-activate", requestFile.toString(), "--out", tokenFile.toString());
        String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
        assertEquals(answer.get("token").asText(), token);
        LicenseClaims claims = LicenseTokens.verify(token, vendorKeys());
        assertEquals(host.publicKey().base64Url(), claims.instanceKey());

        CliRun replay = CliRun.run(CliRun.args(admin, "license offline-activate", requestFile.toString()));
        assertEquals(CliException.REFUSED, replay.exit(), replay.toString());
        assertTrue(replay.oneErrorLine().contains("409 replayed"), replay.err());
    }

    @Test
    void d_suspendReinstateAndRevokeChangeTheStatus() throws Exception {
        assertEquals("SUSPENDED", json("license suspend", licenseId, "--reason", "unpaid").at("/license/status").asText());
        assertEquals("ACTIVE", json("license reinstate", licenseId).at("/license/status").asText());
        CliRun revoked = ok("license revoke", licenseId, "--reason", "refund");
        assertTrue(revoked.out().contains("Revoked license " + licenseId), revoked.out());
        assertEquals("REVOKED", json("license list", "--status", "revoked").at("/licenses/0/status").asText());
        assertEquals("license_revoked", activate(instanceKey(), machine()).error());
    }

    @Test
    void e_refusalsExitWithTheirCodes() throws Exception {
        CliRun badId = CliRun.run(CliRun.args(admin, "license show", "../../admin"));
        assertEquals(CliException.USAGE, badId.exit(), badId.toString());
        CliRun unknown = CliRun.run(CliRun.args(admin, "license show", "lic_000000000000000000000000"));
        assertEquals(CliException.REFUSED, unknown.exit());
        assertTrue(unknown.oneErrorLine().contains("404 unknown_license"), unknown.err());

        JsonNode readOnly = json("admin-token create", "--role", "read-only", "--label", "dashboard");
        Path tokenFile = temp.resolve("read-only.token");
        Files.writeString(tokenFile, readOnly.get("token").asText());
        CliRun list = CliRun.run(CliRun.args(admin, "license list", "--token-file", tokenFile.toString()));
        assertEquals(0, list.exit(), list.toString());
        CliRun forbidden = CliRun.run(CliRun.args(admin, "license suspend", licenseId, "--token-file",
                tokenFile.toString()));
        assertEquals(CliException.REFUSED, forbidden.exit());
        assertTrue(forbidden.oneErrorLine().contains("403 forbidden"), forbidden.err());
        CliRun badLimit = CliRun.run(CliRun.args(admin, "license issue", "--customer", "x", "--feature", "a",
                "--limit", "b.users=1"));
        assertEquals(CliException.USAGE, badLimit.exit(), badLimit.toString());
    }

    @Test
    void f_keysListsTheVendorKey() throws Exception {
        JsonNode keys = json("license keys");
        assertTrue(keys.at("/keys/0/active").asBoolean());
        assertTrue(ok("license keys").out().contains(keys.at("/keys/0/keyId").asText()));
    }

    record Answer(int status, String error) {
    }

    /** An instance activating over the device API (what the license core's transport does). */
    private Answer activate(SigningKeyPair key, Map<String, String> fingerprint) {
        String jws = LicenseTokens.signActivationRequest(new ActivationRequest(licenseKey, key.publicKey().base64Url(),
                fingerprint, nonce(), Instant.now().truncatedTo(ChronoUnit.SECONDS)), key);
        try {
            device().post("/license/v1/activate", Map.of("request", jws));
            return new Answer(200, null);
        } catch (CliException e) {
            return new Answer(e.exitCode(), e.serverError());
        }
    }

    private AdminClient device() {
        OperatorConfig loaded = OperatorConfig.read(config);
        return new AdminClient(URI.create(loaded.serverUrl()), loaded.pinSha256(), "unused");
    }

    private Map<String, SigningPublicKey> vendorKeys() throws Exception {
        Map<String, SigningPublicKey> keys = new LinkedHashMap<>();
        for (JsonNode k : json("license keys").get("keys")) {
            keys.put(k.get("keyId").asText(), SigningPublicKey.fromBase64Url(k.get("publicKey").asText()));
        }
        return keys;
    }

    private static SigningKeyPair instanceKey() {
        return SigningKeyPair.generate(RANDOM);
    }

    private static Map<String, String> machine() {
        Map<String, String> fp = new LinkedHashMap<>();
        for (String component : new String[] {"machine-id", "mac", "hostname", "cpu"}) {
            byte[] value = new byte[16];
            RANDOM.nextBytes(value);
            fp.put(component, Base64Url.encode(value));
        }
        return fp;
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "n" + Base64Url.encode(bytes);
    }
}
