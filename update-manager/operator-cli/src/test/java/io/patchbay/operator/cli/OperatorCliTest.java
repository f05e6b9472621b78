package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in-process against a real server on 127.0.0.1, initialised and started by the CLI itself
 * ({@code server init}, {@code server start} on a thread, stopped through its stop signal). Tests run in
 * method order and share the server: releases and deployments accumulate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class OperatorCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    CliServer server;
    Path data;
    Path config;
    List<String> admin;
    int port;
    CliRun init;
    String deploymentId;
    String clientId;

    @BeforeAll
    void initAndStart() throws Exception {
        server = CliServer.start(temp, "--poll-interval", "7s", "--dead-after", "2");
        data = server.data;
        config = data.resolve("operator.json");
        admin = server.admin;
        port = server.port;
        init = server.init;
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void a_initPrintsTheTokenOnceAndWritesTheConfigOwnerOnly() throws Exception {
        JsonNode written = JSON.readTree(config.toFile());
        String token = written.get("token").asText();
        assertEquals(1, occurrences(init.out(), token), init.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("https://127.0.0.1:" + port, written.get("serverUrl").asText());
        assertTrue(init.out().contains(written.get("pinSha256").asText()), init.out());
        assertTrue(init.out().contains("1.root.json"), init.out());
        assertEquals("", init.err());

        CliRun again = CliRun.run("server", "init", "--data", data.toString(), "--port", Integer.toString(port));
        assertEquals(CliException.FAILED, again.exit(), again.toString());
        assertTrue(again.oneErrorLine().contains("already initialised"), again.err());
        assertFalse(again.out().contains(token));
        CliRun fleet = CliRun.run(CliRun.args(admin, "fleet"));
        assertFalse(fleet.out().contains(token) || fleet.err().contains(token), "the token is never printed again");
    }

    @Test
    void b_enrollTokenIssuesATokenAHostCanEnrollWith() throws Exception {
        CliRun human = CliRun.run(CliRun.args(admin, "enroll-token", "--channel", "beta", "--expires", "2h"));
        assertEquals(0, human.exit(), human.toString());
        assertTrue(human.out().contains("channel beta"), human.out());

        CliRun json = CliRun.run(CliRun.args(admin, "enroll-token", "--channel", "stable", "--json"));
        assertEquals(0, json.exit(), json.toString());
        JsonNode issued = JSON.readTree(json.out());
        assertEquals("stable", issued.get("channel").asText());
        // A host enrolls with it (the device API, unsigned), so the fleet has a client.
        SecureRandom random = new SecureRandom();
        OperatorConfig loaded = OperatorConfig.read(config);
        JsonNode enrolled = new AdminClient(URI.create(loaded.serverUrl()), loaded.pinSha256(), "unused")
                .post("/device/v1/enroll", Map.of("token", issued.get("token").asText(),
                        "signingKey", SigningKeyPair.generate(random).publicKey().base64Url(),
                        "sealingKey", SealingKeyPair.generate(random).publicKey().base64Url()));
        clientId = enrolled.get("clientId").asText();
        assertEquals(7, enrolled.get("pollAfterSeconds").asLong(), "start's --poll-interval is what hosts are told");

        CliRun bad = CliRun.run(CliRun.args(admin, "enroll-token", "--expires", "forever"));
        assertEquals(CliException.USAGE, bad.exit(), bad.toString());
        CliRun tooLong = CliRun.run(CliRun.args(admin, "enroll-token", "--expires", "90d"));
        assertEquals(CliException.REFUSED, tooLong.exit(), tooLong.toString());
        assertTrue(tooLong.oneErrorLine().contains("400 invalid_input"), tooLong.err());
    }

    @Test
    void c_publishTwoSignedBundlesAndDeployThemToAChannel() throws Exception {
        TestPki.Identity publisher = TestPki.stranger("CN=Operator Test Publisher");
        Path greeter = TestJars.write(temp, "greeter.jar", TestJars.bundle("io.example.greeter", "1.0.0")
                .entry("greeting.txt", "hello").signedBy(publisher));
        Path clock = TestJars.write(temp, "clock.jar", TestJars.bundle("io.example.clock", "2.1.0").signedBy(publisher));

        CliRun published = CliRun.run(CliRun.args(admin, "publish", greeter.toString(), clock.toString(), "--release-id", "r1"));
        assertEquals(0, published.exit(), published.toString());
        assertTrue(published.out().contains("Release r1 sealed at level 1"), published.out());
        assertTrue(published.out().matches("(?s).*io\\.example\\.clock\\s+2\\.1\\.0\\s+[0-9a-f]{64}\\s+bundles/io\\.example\\.clock/2\\.1\\.0/.*"),
                published.out());

        CliRun deployed = CliRun.run(CliRun.args(admin, "deploy", "r1", "--channel", "stable", "--policy", "now", "--json"));
        assertEquals(0, deployed.exit(), deployed.toString());
        JsonNode deployment = JSON.readTree(deployed.out());
        assertEquals("FORCED", deployment.get("actionType").asText());
        assertEquals("NOW", deployment.at("/policy/name").asText());
        deploymentId = deployment.get("deploymentId").asText();

        CliRun releases = CliRun.run(CliRun.args(admin, "releases"));
        assertTrue(releases.out().contains("io.example.greeter 1.0.0, io.example.clock 2.1.0")
                || releases.out().contains("io.example.clock 2.1.0, io.example.greeter 1.0.0"), releases.out());
    }

    @Test
    void d_deployToAGroupWithADeadlinePolicyWindowAndTimeForcedType() throws Exception {
        Path next = TestJars.write(temp, "greeter-1.1.jar", TestJars.bundle("io.example.greeter", "1.1.0")
                .signedBy(TestPki.stranger("CN=Operator Test Publisher")));
        CliRun published = CliRun.run(CliRun.args(admin, "publish", next.toString(), "--release-id", "r2", "--json"));
        assertEquals(0, published.exit(), published.toString());
        assertEquals(2, JSON.readTree(published.out()).at("/release/level").asLong());

        CliRun deployed = CliRun.run(CliRun.args(admin, "deploy", "r2", "--clients", clientId, "--policy", "deadline",
                "--deadline", "2030-01-01T02:00:00Z", "--on-expiry", "disable:export,print", "--type", "time-forced",
                "--forced-at", "2029-12-31T00:00:00Z", "--window",
                "{\"days\":[\"SAT\"],\"start\":\"02:00\",\"durationMinutes\":120,\"zone\":\"UTC\"}", "--json"));
        assertEquals(0, deployed.exit(), deployed.toString());
        JsonNode d = JSON.readTree(deployed.out());
        assertEquals("TIME_FORCED", d.get("actionType").asText());
        assertEquals("DISABLE_FEATURES", d.at("/policy/deadlineAction").asText());
        assertEquals(List.of("export", "print"), List.of(JSON.convertValue(d.at("/policy/features"), String[].class)));
        assertEquals(120, d.at("/maintenanceWindow/durationMinutes").asInt());

        CliRun both = CliRun.run(CliRun.args(admin, "deploy", "r2", "--channel", "x", "--clients", clientId, "--policy", "now"));
        assertEquals(CliException.USAGE, both.exit(), both.toString());
        CliRun badWindow = CliRun.run(CliRun.args(admin, "deploy", "r2", "--channel", "x", "--policy", "now", "--window", "[1]"));
        assertEquals(CliException.USAGE, badWindow.exit(), badWindow.toString());
        CliRun unknown = CliRun.run(CliRun.args(admin, "deploy", "nope", "--channel", "stable", "--policy", "now"));
        assertEquals(CliException.REFUSED, unknown.exit(), unknown.toString());
        assertTrue(unknown.oneErrorLine().contains("404 unknown_release"), unknown.err());
    }

    @Test
    void e_fleetListingsAreTablesOrJson() throws Exception {
        CliRun table = CliRun.run(CliRun.args(admin, "fleet"));
        assertEquals(0, table.exit(), table.toString());
        assertTrue(table.out().matches("(?s)CLIENT\\s+CHANNEL\\s+STATE\\s+SEQUENCE\\s+LAST-SEEN\\s+HEALTH\n.*"), table.out());
        assertTrue(table.out().contains(clientId) && table.out().contains("NEVER_SEEN"), table.out());

        JsonNode all = JSON.readTree(CliRun.run(CliRun.args(admin, "fleet", "--json")).out());
        assertEquals(clientId, all.at("/clients/0/clientId").asText());
        assertEquals("stable", all.at("/clients/0/channel").asText());
        JsonNode dead = JSON.readTree(CliRun.run(CliRun.args(admin, "fleet", "--dead", "--json")).out());
        assertTrue(dead.get("clients").isArray());
        CliRun lagging = CliRun.run(CliRun.args(admin, "fleet", "--lagging", "--json"));
        assertEquals(0, lagging.exit(), lagging.toString());
        assertTrue(JSON.readTree(lagging.out()).get("clients").isArray());
        CliRun laggingTable = CliRun.run(CliRun.args(admin, "fleet", "--lagging"));
        assertTrue(laggingTable.out().startsWith("CLIENT"), laggingTable.out());
        CliRun reports = CliRun.run(CliRun.args(admin, "reports", "--json"));
        assertEquals(0, reports.exit(), reports.toString());
        assertTrue(JSON.readTree(reports.out()).get("installs").isArray());
        CliRun reportsTable = CliRun.run(CliRun.args(admin, "reports"));
        assertTrue(reportsTable.out().contains("0 failed install(s)"), reportsTable.out());
        assertEquals(CliException.USAGE, CliRun.run(CliRun.args(admin, "fleet", "--dead", "--lagging")).exit());
    }

    @Test
    void f_cancelOnceThenRefused() {
        CliRun cancelled = CliRun.run(CliRun.args(admin, "cancel", deploymentId));
        assertEquals(0, cancelled.exit(), cancelled.toString());
        assertTrue(cancelled.out().startsWith("Cancelled " + deploymentId), cancelled.out());
        CliRun again = CliRun.run(CliRun.args(admin, "cancel", deploymentId));
        assertEquals(CliException.REFUSED, again.exit(), again.toString());
        assertTrue(again.oneErrorLine().startsWith("patchbay: server refused POST /admin/v1/deployments/cancel: 409 already_cancelled"),
                again.err());
    }

    @Test
    void fa_deploymentsListActiveAndCancelledAndTheStatusReport() throws Exception {
        JsonNode all = JSON.readTree(CliRun.run(CliRun.args(admin, "deployments", "--json")).out()).get("deployments");
        assertEquals(2, all.size(), all.toString());
        JsonNode group = all.get(0);
        assertEquals("r2", group.get("releaseId").asText());
        assertEquals(List.of(clientId), List.of(JSON.convertValue(group.get("clientIds"), String[].class)));
        assertEquals("DEADLINE", group.at("/policy/name").asText());
        assertEquals(deploymentId, all.get(1).get("deploymentId").asText());
        assertFalse(all.get(1).get("cancelledAt").isNull(), "cancelled by f_");

        CliRun table = CliRun.run(CliRun.args(admin, "deployments"));
        assertEquals(0, table.exit(), table.toString());
        assertTrue(table.out().matches("(?s)DEPLOYMENT\\s+RELEASE\\s+TARGET\\s+TYPE\\s+POLICY\\s+CREATED\\s+CANCELLED\n.*"),
                table.out());
        assertTrue(table.out().contains("channel stable") && table.out().contains("1 client(s)")
                && table.out().contains("DEADLINE 2030-01-01T02:00:00Z DISABLE_FEATURES"), table.out());
        assertTrue(table.out().contains("2 deployment(s)"), table.out());
        CliRun active = CliRun.run(CliRun.args(admin, "deployments", "--active"));
        assertTrue(active.out().contains("1 active deployment(s)") && !active.out().contains(deploymentId), active.out());

        String groupId = group.get("deploymentId").asText();
        JsonNode status = JSON.readTree(CliRun.run(CliRun.args(admin, "deployments", "--status", groupId, "--json")).out());
        assertEquals(groupId, status.get("deploymentId").asText());
        assertEquals(clientId, status.at("/clients/0/clientId").asText());
        assertEquals("PENDING", status.at("/clients/0/state").asText());
        CliRun statusTable = CliRun.run(CliRun.args(admin, "deployments", "--status", groupId));
        assertTrue(statusTable.out().startsWith("Deployment " + groupId + ": release r2 (level 2)"), statusTable.out());
        assertTrue(statusTable.out().contains("PENDING") && statusTable.out().contains("1 client(s)"), statusTable.out());

        CliRun unknown = CliRun.run(CliRun.args(admin, "deployments", "--status", "nope"));
        assertEquals(CliException.REFUSED, unknown.exit(), unknown.toString());
        assertTrue(unknown.oneErrorLine().contains("404 unknown_deployment"), unknown.err());
        assertEquals(CliException.USAGE, CliRun.run(CliRun.args(admin, "deployments", "--active", "--status", groupId)).exit());
    }

    @Test
    void g_wrongTokenIsRefusedInOneLine() throws Exception {
        Path tokenFile = Files.writeString(temp.resolve("wrong.token"), "pbo_not-a-token\n");
        CliRun run = CliRun.run(CliRun.args(admin, "fleet", "--token-file", tokenFile.toString()));
        assertEquals(CliException.REFUSED, run.exit(), run.toString());
        assertTrue(run.oneErrorLine().contains(": 401 "), run.err());
        assertEquals("", run.out());

        CliRun verbose = CliRun.run(CliRun.args(admin, "fleet", "--token-file", tokenFile.toString(), "--verbose"));
        assertEquals(CliException.REFUSED, verbose.exit());
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace");
    }

    @Test
    void h_usageErrorsExitTwo() {
        CliRun unknown = CliRun.run("fleet", "--no-such-option");
        assertEquals(CliException.USAGE, unknown.exit(), unknown.toString());
        assertTrue(unknown.oneErrorLine().contains("--no-such-option"), unknown.err());
        assertEquals(CliException.USAGE, CliRun.run("no-such-command").exit());
        assertEquals(CliException.USAGE, CliRun.run().exit());
        assertEquals(CliException.USAGE, CliRun.run("deploy", "r1", "--channel", "c", "--policy", "sometimes").exit());
        CliRun tooShort = CliRun.run("server", "start", "--data", data.toString(), "--poll-interval", "0s");
        assertEquals(CliException.USAGE, tooShort.exit(), tooShort.toString());
        assertTrue(tooShort.oneErrorLine().contains("--poll-interval must be at least 1s"), tooShort.err());
        assertEquals(CliException.USAGE, CliRun.run("server", "start", "--data", data.toString(), "--poll-interval",
                "soon").exit());
        assertEquals(CliException.USAGE, CliRun.run("server", "start", "--data", data.toString(), "--dead-after",
                "0").exit());
        CliRun help = CliRun.run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("enroll-token") && help.out().contains("Exit codes"), help.out());
    }

    @Test
    void i_serverDownExitsFour() throws Exception {
        Path downConfig = temp.resolve("down.json");
        OperatorConfig live = OperatorConfig.read(config);
        new OperatorConfig("https://127.0.0.1:" + CliServer.freePort(), live.pinSha256(), live.token(), null, null, null, null, null).writeNew(downConfig);
        CliRun run = CliRun.run("fleet", "--config", downConfig.toString());
        assertEquals(CliException.UNREACHABLE, run.exit(), run.toString());
        assertTrue(run.oneErrorLine().startsWith("patchbay: cannot reach the server at https://127.0.0.1:"), run.err());
    }

    @Test
    void j_aKeyOutsideThePinIsRefusedBeforeAnyRequest() throws Exception {
        OperatorConfig live = OperatorConfig.read(config);
        Path wrongPin = temp.resolve("wrong-pin.json");
        new OperatorConfig(live.serverUrl(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", live.token(), null, null, null, null, null)
                .writeNew(wrongPin);
        CliRun run = CliRun.run("fleet", "--config", wrongPin.toString());
        assertEquals(CliException.UNTRUSTED, run.exit(), run.toString());
        assertTrue(run.oneErrorLine().contains("is not the pinned sha256/AAAA") && run.err().contains("nothing was sent"),
                run.err());

        // Against a listener that records what arrives: a TLS ClientHello, never a request or the token in clear.
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            Path plainConfig = temp.resolve("plain.json");
            new OperatorConfig("https://127.0.0.1:" + listener.getLocalPort(), live.pinSha256(), live.token(), null, null, null, null, null)
                    .writeNew(plainConfig);
            byte[][] received = new byte[1][];
            Thread reader = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(5000);
                    byte[] buffer = new byte[4096];
                    int n = s.getInputStream().read(buffer);
                    received[0] = java.util.Arrays.copyOf(buffer, Math.max(n, 0));
                } catch (Exception e) {
                    received[0] = new byte[0];
                }
            });
            reader.start();
            CliRun plain = CliRun.run("fleet", "--config", plainConfig.toString());
            reader.join(10_000);
            assertEquals(CliException.UNREACHABLE, plain.exit(), plain.toString());
            assertTrue(received[0].length > 5 && received[0][0] == 0x16, "a TLS handshake record first");
            String text = new String(received[0], StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("GET") || text.contains(live.token()) || text.contains("Bearer"), text);
        }
    }

    @Test
    void k_adminTokensAReadOnlyTokenLooksButCannotChangeAndRevokedTokensStopAtOnce() throws Exception {
        JsonNode created = JSON.readTree(CliRun.run(CliRun.args(admin, "admin-token create", "--role", "read-only",
                "--label", "dashboard", "--json")).out());
        assertEquals("READ_ONLY", created.get("role").asText());
        Path viewerFile = Files.writeString(temp.resolve("viewer.token"), created.get("token").asText() + "\n");
        List<String> viewer = List.of("--config", config.toString(), "--token-file", viewerFile.toString());
        assertEquals(0, CliRun.run(CliRun.args(viewer, "fleet")).exit());
        CliRun forbidden = CliRun.run(CliRun.args(viewer, "enroll-token"));
        assertEquals(CliException.REFUSED, forbidden.exit(), forbidden.toString());
        assertTrue(forbidden.oneErrorLine().contains("403 forbidden"), forbidden.err());

        CliRun table = CliRun.run(CliRun.args(admin, "admin-token list"));
        assertTrue(table.out().matches("(?s)ID\\s+ROLE\\s+LABEL\\s+CREATED\\s+REVOKED\n.*"), table.out());
        assertTrue(table.out().contains("dashboard") && !table.out().contains(created.get("token").asText()), table.out());
        JsonNode tokens = JSON.readTree(CliRun.run(CliRun.args(admin, "admin-token list", "--json")).out()).get("tokens");
        String initTokenId = null;
        for (JsonNode token : tokens) {
            if (token.get("role").asText().equals("OPERATOR")) {
                initTokenId = token.get("id").asText(); // the only one: init's
            }
        }

        CliRun revoked = CliRun.run(CliRun.args(admin, "admin-token revoke", created.get("id").asText()));
        assertEquals(0, revoked.exit(), revoked.toString());
        assertEquals(CliException.REFUSED, CliRun.run(CliRun.args(viewer, "fleet")).exit());
        CliRun last = CliRun.run(CliRun.args(admin, "admin-token revoke", initTokenId));
        assertEquals(CliException.REFUSED, last.exit(), last.toString());
        assertTrue(last.oneErrorLine().contains("409 last_operator_token"), last.err());
        assertEquals(CliException.USAGE, CliRun.run(CliRun.args(admin, "admin-token create", "--role", "root")).exit());
    }

    @Test
    void y_revokeAClientOnceThenItIsAlreadyRevoked() throws Exception {
        CliRun revoked = CliRun.run(CliRun.args(admin, "revoke", clientId));
        assertEquals(0, revoked.exit(), revoked.toString());
        assertEquals("Revoked client " + clientId, revoked.out().strip());
        JsonNode fleet = JSON.readTree(CliRun.run(CliRun.args(admin, "fleet", "--json")).out());
        assertEquals("REVOKED", fleet.at("/clients/0/state").asText());
        assertTrue(CliRun.run(CliRun.args(admin, "revoke", clientId)).out().contains("already revoked"));
        CliRun unknown = CliRun.run(CliRun.args(admin, "revoke", "no-such-client"));
        assertEquals(CliException.REFUSED, unknown.exit(), unknown.toString());
        assertTrue(unknown.oneErrorLine().contains("404 unknown_client"), unknown.err());
    }

    @Test
    void z_startStopsCleanlyOnItsSignal() throws Exception {
        assertEquals(0, server.stop());
        assertFalse(CliServer.accepts(port), "the port is closed after stop");
    }

    static int occurrences(String text, String token) {
        Matcher m = Pattern.compile(Pattern.quote(token)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
