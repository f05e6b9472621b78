package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.PinnedTrustManager;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.request.RequestSigner;
import io.patchbay.tuf.api.TufException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.client.TufClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchbay server rotate-cert} against a server run by {@code patchbay server start}: the whole renewal, with
 * the exit codes of out-of-order and too-early phases, the config's pins following the server's key, and TUF clients
 * bootstrapped with root v1 — one refreshing between phases (keeps working), one never after stage (refused).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotateCertCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;

    Path data;
    Path config;
    List<String> admin;
    final CountDownLatch stop = new CountDownLatch(1);
    Thread serverThread;

    @BeforeAll
    void initAndStart() throws Exception {
        int port = CliServer.freePort();
        data = temp.resolve("data");
        CliRun init = CliRun.run("server", "init", "--data", data.toString(), "--port", Integer.toString(port),
                "--public-url", "https://127.0.0.1:" + port);
        assertEquals(0, init.exit(), init.toString());
        config = data.resolve("operator.json");
        admin = List.of("--config", config.toString());
        serverThread = new Thread(() -> CliRun.run(server -> {
            stop.await();
            server.close();
        }, "server", "start", "--data", data.toString()), "cli-server");
        serverThread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!CliServer.accepts(port)) {
            assertTrue(System.nanoTime() < deadline, "the server did not start");
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        stop.countDown();
        serverThread.join(20_000);
    }

    CliRun rotate(String phase, String... more) {
        String[] args = new String[3 + admin.size() + more.length];
        args[0] = "server";
        args[1] = "rotate-cert";
        args[2] = phase;
        for (int i = 0; i < admin.size(); i++) {
            args[3 + i] = admin.get(i);
        }
        System.arraycopy(more, 0, args, 3 + admin.size(), more.length);
        return CliRun.run(args);
    }

    TufUpdater tufClient(String name) throws Exception {
        return TufClient.builder().metadataDir(temp.resolve(name)).clock(Clock.systemUTC())
                .bootstrapRoot(Files.readAllBytes(data.resolve("repository/metadata/1.root.json"))).build();
    }

    @Test
    void theWholeRenewalWithItsRefusalsAndThePinsFollowed() throws Exception {
        CliRun early = rotate("activate");
        assertEquals(CliException.OUT_OF_ORDER, early.exit(), early.toString());
        assertTrue(early.oneErrorLine().contains("rotation_not_staged"), early.err());
        assertEquals(CliException.OUT_OF_ORDER, rotate("finish").exit());

        TufUpdater following = tufClient("following");
        following.refresh();
        TufUpdater stale = tufClient("stale");
        stale.refresh();
        Path oldConfig = temp.resolve("old-operator.json");
        Files.copy(config, oldConfig);
        String oldPin = OperatorConfig.read(config).pinSha256();
        CheckingIn host = CheckingIn.enroll(config);
        host.checkIn();

        CliRun staged = rotate("stage");
        assertEquals(0, staged.exit(), staged.toString());
        assertTrue(staged.out().contains("Staged: root v2"), staged.out());
        OperatorConfig afterStage = OperatorConfig.read(config);
        assertEquals(oldPin, afterStage.pinSha256());
        String newPin = afterStage.nextPinSha256();
        assertNotEquals(oldPin, newPin);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        JsonNode status = JSON.readTree(rotate("status", "--json").out());
        assertEquals("STAGED", status.get("phase").asText());
        assertEquals(1, status.get("pendingClients").asLong());

        CliRun tooSoon = rotate("activate");
        assertEquals(CliException.NOT_READY, tooSoon.exit(), tooSoon.toString());
        assertTrue(tooSoon.oneErrorLine().contains("1 live client(s)"), tooSoon.err());
        following.refresh();
        assertEquals(2, following.trustedRoot().version());
        host.checkIn();

        CliRun activated = rotate("activate");
        assertEquals(0, activated.exit(), activated.toString());
        OperatorConfig afterActivate = OperatorConfig.read(config);
        assertEquals(newPin, afterActivate.pinSha256());
        assertNull(afterActivate.nextPinSha256());
        assertEquals(0, CliRun.run(CliRun.args(admin, "fleet")).exit(), "the admin commands follow the new pin");
        CliRun oldPinned = CliRun.run("fleet", "--config", oldConfig.toString());
        assertEquals(CliException.UNTRUSTED, oldPinned.exit(), oldPinned.toString());
        tufClient("following").refresh();
        assertThrows(TufException.class, () -> tufClient("stale").refresh(), "root v1 pins only the old key");

        CliRun finished = rotate("finish");
        assertEquals(0, finished.exit(), finished.toString());
        assertTrue(finished.out().contains("Finished: root v3 pins only the new key."), finished.out());
        CliRun again = rotate("finish");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("Already finished"), again.out());
        assertEquals(CliException.OUT_OF_ORDER, rotate("activate").exit());
        TufUpdater last = tufClient("following");
        last.refresh();
        assertEquals(List.of("sha256/" + newPin), last.trustedRoot().location().orElseThrow().tlsPins());
    }

    /** An enrolled host that checks in over the device API, pinned like the agent. */
    record CheckingIn(URI server, List<String> pins, String clientId, SigningKeyPair signing) {
        static CheckingIn enroll(Path config) throws Exception {
            OperatorConfig loaded = OperatorConfig.read(config);
            String token = new AdminClient(URI.create(loaded.serverUrl()), loaded.pinSha256(), loaded.token())
                    .post("/admin/v1/enrollment-tokens", Map.of("channel", "stable", "ttlSeconds", 600))
                    .get("token").asText();
            SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
            JsonNode enrolled = new AdminClient(URI.create(loaded.serverUrl()), loaded.pinSha256(), "unused")
                    .post("/device/v1/enroll", Map.of("token", token, "signingKey", signing.publicKey().base64Url(),
                            "sealingKey", SealingKeyPair.generate(RANDOM).publicKey().base64Url()));
            return new CheckingIn(URI.create(loaded.serverUrl()), List.of(loaded.pinSha256()),
                    enrolled.get("clientId").asText(), signing);
        }

        void checkIn() throws Exception {
            String path = "/device/v1/check-in";
            byte[] body = "{\"patchSequence\":0,\"bundles\":[],\"facts\":{},\"channel\":\"stable\"}"
                    .getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            new RequestSigner(clientId, signing, Clock.systemUTC(), RANDOM).sign("POST", path, body).asMap()
                    .forEach(request::header);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new PinnedTrustManager(pins)}, null);
            HttpResponse<String> answer = HttpClient.newBuilder().sslContext(tls).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }
}
