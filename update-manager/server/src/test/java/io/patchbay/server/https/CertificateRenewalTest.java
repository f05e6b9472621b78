package io.patchbay.server.https;

import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.api.UpdateServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.testing.PinnedHttps;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.crypto.Signatures;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server rotate-cert} through the admin API, against a running server and real pinned clients: the TUF
 * client that follows root's location and pins, and an agent-style pinned HTTPS client. Why two phases: a client
 * that has not fetched the root pinning the new key refuses the server the moment it presents that key.
 */
class CertificateRenewalTest {
    static final String BASE = "/admin/v1/server/certificate";

    @TempDir
    Path dataDirectory;
    @TempDir
    Path work;

    ServerFixture fx;
    int port;
    String operator;
    String oldPin;
    /** Every pin this test has seen root list: the admin client trusts any of them. */
    final List<String> pins = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        fx = ServerFixture.h2(dataDirectory, b -> b.port(port));
        operator = fx.init.adminToken();
        oldPin = "sha256/" + fx.init.certificatePinSha256();
        pins.add(oldPin);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    HttpResponse<String> admin(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fx.uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return PinnedHttps.client(pins).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode phase(String name, String body) throws Exception {
        HttpResponse<String> answer = admin("POST", BASE + "/" + name, operator, body);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode status = json(answer);
        status.get("rootPins").forEach(pin -> {
            if (!pins.contains(pin.asText())) {
                pins.add(pin.asText());
            }
        });
        return status;
    }

    void refused(int status, String error, HttpResponse<String> answer) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals(error, json(answer).get("error").asText(), answer.body());
    }

    TufUpdater tufClient(String name, byte[] bootstrapRoot) {
        return TufClient.builder().metadataDir(work.resolve(name)).clock(fx.clock).bootstrapRoot(bootstrapRoot).build();
    }

    Root root(long version) throws Exception {
        return Root.of(Metadata.parse(Files.readAllBytes(
                dataDirectory.resolve("repository/metadata/" + version + ".root.json"))));
    }

    /** The data directory's TLS files and the repository's metadata: what a refusal must leave alone. */
    List<String> files() throws Exception {
        List<String> all = new ArrayList<>();
        for (String dir : new String[] {"tls", "repository/metadata"}) {
            try (Stream<Path> walk = Files.walk(dataDirectory.resolve(dir))) {
                walk.map(p -> dataDirectory.relativize(p) + "@" + p.toFile().length()).sorted().forEach(all::add);
            }
        }
        return all;
    }

    @Test
    void aPinnedClientKeepsWorkingThroughStageActivateFinishAndAStaleOneIsRefusedAfterActivate() throws Exception {
        byte[] root1 = Files.readAllBytes(fx.init.trustedRootFile());
        TufUpdater following = tufClient("following", root1);
        following.refresh();
        TufUpdater stale = tufClient("stale", root1);
        stale.refresh();

        JsonNode staged = phase("stage", "{}");
        assertEquals("STAGED", staged.get("phase").asText());
        assertTrue(staged.get("changed").asBoolean());
        String newPin = staged.get("nextPin").asText();
        assertNotEquals(oldPin, newPin);
        assertEquals(2, staged.get("rootVersion").asLong());
        assertEquals(List.of(oldPin, newPin), List.of(staged.get("rootPins").get(0).asText(),
                staged.get("rootPins").get(1).asText()));
        assertEquals(oldPin, "sha256/" + PinnedHttps.presentedPin(port), "stage keeps serving the old certificate");
        Path slot = dataDirectory.resolve("tls/gen-1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(slot.resolve("server.p12"))));

        following.refresh();
        assertEquals(2, following.trustedRoot().version());
        assertEquals(List.of(oldPin, newPin), following.trustedRoot().location().orElseThrow().tlsPins());

        JsonNode activated = phase("activate", "{}");
        assertEquals("ACTIVATED", activated.get("phase").asText());
        assertEquals(newPin, activated.get("servingPin").asText());
        assertEquals(newPin, "sha256/" + PinnedHttps.presentedPin(port), "switched without a restart");
        assertEquals(newPin, "sha256/" + fx.server.certificatePinSha256());

        // A new fetcher, so new connections (a kept-alive one would still carry the old session): the client
        // that refreshed to root v2 trusts the new key; the one still on root v1 pins only the old key.
        TufUpdater followingAgain = tufClient("following", root1);
        followingAgain.refresh();
        TufUpdater staleAgain = tufClient("stale", root1);
        assertThrows(TufException.class, staleAgain::refresh, "fails closed: root v1 does not pin the new key");
        assertEquals(1, staleAgain.trustedRoot().version());
        HttpResponse<String> viaOldPin = null;
        try {
            viaOldPin = PinnedHttps.client(List.of(oldPin)).send(HttpRequest.newBuilder(fx.uri(BASE))
                    .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofString());
        } catch (javax.net.ssl.SSLHandshakeException expected) {
            // refused in the handshake, before the token is sent
        }
        assertEquals(null, viaOldPin, "an agent-style client pinned to the old key is refused");

        JsonNode finished = phase("finish", "{}");
        assertEquals("IDLE", finished.get("phase").asText());
        assertEquals(3, finished.get("rootVersion").asLong());
        assertEquals(List.of(newPin), List.of(finished.get("rootPins").get(0).asText()));
        assertEquals(1, finished.get("rootPins").size());
        assertEquals("initial", finished.get("retiredSlots").get(0).asText());
        assertTrue(Files.exists(dataDirectory.resolve("tls/server.p12")), "the old key is retired, not deleted");
        followingAgain.refresh();
        assertEquals(3, followingAgain.trustedRoot().version());
        assertEquals(List.of(newPin), followingAgain.trustedRoot().location().orElseThrow().tlsPins());

        List<String> audit = Files.readAllLines(dataDirectory.resolve("tls/rotations.log"));
        assertEquals(3, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("\"phase\":\"stage\"") && audit.get(2).contains("\"phase\":\"finish\""));

        // A restart keeps the switch.
        fx.server.close();
        try (UpdateServer restarted = UpdateServer.builder(dataDirectory).clock(fx.clock).port(port).start()) {
            assertEquals(newPin, "sha256/" + restarted.certificatePinSha256());
            assertEquals(newPin, "sha256/" + PinnedHttps.presentedPin(port));
            tufClient("following", root1).refresh();
        }
    }

    @Test
    void theStagedRootVerifiesWithTheOldRootKeysAndATamperedCopyDoesNot() throws Exception {
        phase("stage", "{}");
        Root root1 = root(1);
        Root root2 = root(2);
        Signatures.verifyThreshold(root2.metadata(), "root", root1.keys(), root1.role(Metadata.ROOT));
        Signatures.verifyThreshold(root2.metadata(), "root", root2.keys(), root2.role(Metadata.ROOT));
        assertEquals(root1.keysOf(Metadata.ROOT).keySet(), root2.keysOf(Metadata.ROOT).keySet(), "only the pins change");
        assertEquals(root1.location().orElseThrow().metadataUrl(), root2.location().orElseThrow().metadataUrl());

        String forged = new String(Files.readAllBytes(dataDirectory.resolve("repository/metadata/2.root.json")))
                .replace(oldPin, "sha256/" + "A".repeat(43) + "=");
        Metadata tampered = Metadata.parse(forged.getBytes());
        assertThrows(SignatureThresholdException.class, () -> Signatures.verifyThreshold(tampered, "root",
                root1.keys(), root1.role(Metadata.ROOT)));
    }

    @Test
    void unsignedForgedOrReadOnlyRotationRequestsAreRefusedWithNothingWritten() throws Exception {
        String readOnly = new AdminTokens(fx.database, fx.clock).create(AdminRole.READ_ONLY, "viewer").token();
        List<String> before = files();
        refused(401, "unauthorized", admin("POST", BASE + "/stage", null, "{}"));
        refused(401, "unauthorized", admin("POST", BASE + "/stage", operator.substring(1) + "x", "{}"));
        refused(403, "forbidden", admin("POST", BASE + "/stage", readOnly, "{}"));
        refused(403, "forbidden", admin("POST", BASE + "/activate", readOnly, "{\"force\":true}"));
        refused(400, "malformed_json", admin("POST", BASE + "/stage", operator, "{\"pin\":"));
        refused(413, "too_large", admin("POST", BASE + "/stage", operator, "{\"x\":\"" + "a".repeat(2000) + "\"}"));
        assertEquals(before, files());
        assertEquals("IDLE", json(admin("GET", BASE, readOnly, null)).get("phase").asText());

        // The request names no key: a pin smuggled into the body is not what gets pinned.
        String smuggled = "sha256/" + "B".repeat(43) + "=";
        JsonNode staged = phase("stage", "{\"pin\":\"" + smuggled + "\",\"rootPins\":[\"" + smuggled + "\"]}");
        assertFalse(staged.get("rootPins").toString().contains(smuggled), staged.toString());
        assertEquals(fx.server.certificatePinSha256(), oldPin.substring("sha256/".length()));
    }

    @Test
    void phasesOutOfOrderAreRefusedAndRepeatedPhasesChangeNothing() throws Exception {
        List<String> before = files();
        refused(409, "rotation_not_staged", admin("POST", BASE + "/activate", operator, "{}"));
        refused(409, "rotation_not_activated", admin("POST", BASE + "/finish", operator, "{}"));
        assertEquals(before, files());

        JsonNode staged = phase("stage", "{}");
        JsonNode again = phase("stage", "{}");
        assertFalse(again.get("changed").asBoolean());
        assertEquals(staged.get("nextPin"), again.get("nextPin"));
        assertEquals(2, again.get("rootVersion").asLong());
        refused(409, "rotation_not_activated", admin("POST", BASE + "/finish", operator, "{}"));

        phase("activate", "{}");
        assertFalse(phase("activate", "{}").get("changed").asBoolean());
        List<String> activated = files();
        refused(409, "rotation_awaiting_finish", admin("POST", BASE + "/stage", operator, "{}"));
        assertEquals(activated, files());

        phase("finish", "{}");
        JsonNode finishedAgain = phase("finish", "{}");
        assertFalse(finishedAgain.get("changed").asBoolean());
        assertEquals(3, finishedAgain.get("rootVersion").asLong());
        refused(409, "rotation_not_staged", admin("POST", BASE + "/activate", operator, "{}"));

        JsonNode second = phase("stage", "{}");
        assertEquals(4, second.get("rootVersion").asLong(), "a second renewal starts from the renewed key");
        assertEquals(2, second.get("rootPins").size());
    }

    @Test
    void activateWaitsForLiveClientsToCheckInSinceStageUnlessForced() throws Exception {
        ServerFixture.Device device = fx.enroll("stable");
        assertEquals(200, fx.signed(device, "/device/v1/check-in", ServerFixture.checkInBody(0)).statusCode());
        fx.clock.advance(Duration.ofMinutes(1));
        JsonNode staged = phase("stage", "{}");
        assertEquals(1, staged.get("pendingClients").asLong());

        HttpResponse<String> early = admin("POST", BASE + "/activate", operator, "{}");
        refused(409, "rotation_clients_pending", early);
        assertTrue(json(early).get("message").asText().contains("1 live client(s)"), early.body());
        assertEquals(oldPin, "sha256/" + PinnedHttps.presentedPin(port));

        fx.clock.advance(Duration.ofMinutes(1));
        assertEquals(200, fx.signed(device, "/device/v1/check-in", ServerFixture.checkInBody(0)).statusCode());
        assertEquals(0, json(admin("GET", BASE, operator, null)).get("pendingClients").asLong());
        assertEquals("ACTIVATED", phase("activate", "{}").get("phase").asText());
    }

    @Test
    void aClientReportingTheRootItTrustsIsReadyOnlyOnceItHoldsTheStagedOne() throws Exception {
        ServerFixture.Device device = fx.enroll("stable");
        assertEquals(200, fx.signed(device, "/device/v1/check-in", withRoot(1)).statusCode());
        fx.clock.advance(Duration.ofMinutes(1));
        JsonNode staged = phase("stage", "{}");
        assertEquals(2, staged.get("rootVersion").asLong());
        assertEquals(1, staged.get("pendingClients").asLong());
        // checking in after the stage is not enough when the client says it still trusts root 1 (its refresh failed)
        fx.clock.advance(Duration.ofMinutes(1));
        assertEquals(200, fx.signed(device, "/device/v1/check-in", withRoot(1)).statusCode());
        assertEquals(1, json(admin("GET", BASE, operator, null)).get("pendingClients").asLong());
        refused(409, "rotation_clients_pending", admin("POST", BASE + "/activate", operator, "{}"));
        fx.clock.advance(Duration.ofMinutes(1));
        assertEquals(200, fx.signed(device, "/device/v1/check-in", withRoot(2)).statusCode());
        assertEquals(0, json(admin("GET", BASE, operator, null)).get("pendingClients").asLong());
        assertEquals("ACTIVATED", phase("activate", "{}").get("phase").asText());
    }

    static String withRoot(long version) {
        return ServerFixture.checkInBody(0).replace("\"facts\":{", "\"facts\":{\"rootVersion\":" + version + ",");
    }

    @Test
    void forceActivatesDespitePendingClients() throws Exception {
        ServerFixture.Device device = fx.enroll("stable");
        fx.signed(device, "/device/v1/check-in", ServerFixture.checkInBody(0));
        fx.clock.advance(Duration.ofMinutes(1));
        phase("stage", "{}");
        refused(409, "rotation_clients_pending", admin("POST", BASE + "/activate", operator, "{\"force\":false}"));
        assertEquals("ACTIVATED", phase("activate", "{\"force\":true}").get("phase").asText());
        assertTrue(Files.readString(dataDirectory.resolve("tls/rotations.log")).contains("activate (forced)"));
    }

    @Test
    void aRootWithoutLocationHasNoPinToRenewAndNothingIsWritten(@TempDir Path other) throws Exception {
        try (ServerFixture unpinned = ServerFixture.h2(other, b -> b)) {
            byte[] root1 = Files.readAllBytes(unpinned.init.trustedRootFile());
            HttpResponse<String> answer = unpinned.admin("POST", BASE + "/stage", unpinned.init.adminToken(), "{}");
            refused(409, "no_location", answer);
            assertFalse(Files.exists(other.resolve("tls/slots.json")));
            assertFalse(Files.exists(other.resolve("tls/gen-1")));
            assertFalse(Files.exists(other.resolve("repository/metadata/2.root.json")));
            assertEquals(new String(root1), new String(Files.readAllBytes(unpinned.init.trustedRootFile())));
        }
    }

    @Test
    void aStageInterruptedBetweenTheNewKeyAndItsRootResumesWithTheSameKey() throws Exception {
        Path rootKeys = dataDirectory.resolve("repo-root-keys");
        Path aside = work.resolve("offline-root-keys");
        Files.move(rootKeys, aside);
        HttpResponse<String> interrupted = admin("POST", BASE + "/stage", operator, "{}");
        refused(409, "root_keys_unavailable", interrupted);

        // The key was written, the root was not: nothing half-applied, nothing staged for the online signer.
        assertTrue(Files.isRegularFile(dataDirectory.resolve("tls/gen-1/server.p12")));
        assertFalse(Files.exists(dataDirectory.resolve("repository/metadata/2.root.json")));
        assertFalse(Files.exists(dataDirectory.resolve("repository/staged/root.json")));
        JsonNode status = json(admin("GET", BASE, operator, null));
        assertEquals("STAGING", status.get("phase").asText());
        String generated = status.get("nextPin").asText();
        refused(409, "rotation_not_staged", admin("POST", BASE + "/activate", operator, "{}"));
        assertEquals(oldPin, "sha256/" + PinnedHttps.presentedPin(port));

        Files.move(aside, rootKeys);
        JsonNode resumed = phase("stage", "{}");
        assertEquals("STAGED", resumed.get("phase").asText());
        assertEquals(generated, resumed.get("nextPin").asText(), "the key generated before the interruption");
        assertEquals(2, resumed.get("rootVersion").asLong());
        assertFalse(Files.exists(dataDirectory.resolve("tls/gen-2")), "no second key");
    }
}
