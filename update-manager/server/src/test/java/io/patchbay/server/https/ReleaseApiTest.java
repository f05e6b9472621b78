package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static io.patchbay.server.https.ServerFixture.checkInBody;
import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.https.ServerFixture.Device;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminRole;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.testing.TestJars;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing releases and deploying them (H2): the real TUF client, pinned by the root init wrote, refreshes
 * from the server's /repo and downloads the published bundles; check-in replies carry the assignment.
 * Tests share one server and run in method order (releases accumulate), each naming its own bundles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class ReleaseApiTest {
    static final int MAX_JAR = 64 * 1024;

    @TempDir
    static Path dataDirectory;
    @TempDir
    static Path work;

    ServerFixture fx;
    String operator;
    String readOnly;

    @BeforeAll
    void start() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        fx = ServerFixture.h2(dataDirectory, b -> b.port(port).maxBundleBytes(MAX_JAR));
        operator = fx.init.adminToken();
        readOnly = new AdminTokens(fx.database, fx.clock).create(AdminRole.READ_ONLY, "viewer").token();
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    HttpResponse<String> upload(String token, byte[] jar, String type) throws Exception {
        return fx.send(HttpRequest.newBuilder(fx.uri("/admin/v1/uploads")).header("Authorization", "Bearer " + token)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build());
    }

    String uploadBundle(String bsn, String version) throws Exception {
        byte[] jar = Files.readAllBytes(TestJars.bundle(work, bsn + "-" + version + ".jar", bsn, version));
        HttpResponse<String> uploaded = upload(operator, jar, "application/java-archive");
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertEquals(bsn, json(uploaded).get("symbolicName").asText());
        return json(uploaded).get("uploadId").asText();
    }

    JsonNode seal(String releaseId, String... uploadIds) throws Exception {
        HttpResponse<String> sealed = fx.admin("POST", "/admin/v1/releases", operator, "{\"releaseId\":\"" + releaseId
                + "\",\"uploads\":[" + String.join(",", Stream.of(uploadIds).map(id -> "\"" + id + "\"").toList()) + "]}");
        assertEquals(201, sealed.statusCode(), sealed.body());
        return json(sealed);
    }

    JsonNode deploy(String body) throws Exception {
        HttpResponse<String> deployed = fx.admin("POST", "/admin/v1/deployments", operator, body);
        assertEquals(201, deployed.statusCode(), deployed.body());
        return json(deployed);
    }

    /** Everything a refusal must leave alone: every table, and every file of the repository and the uploads. */
    Map<String, List<String>> state() throws Exception {
        Map<String, List<String>> state = new java.util.LinkedHashMap<>(fx.snapshot());
        for (String dir : new String[] {"repository", "uploads"}) {
            Path root = dataDirectory.resolve(dir);
            try (Stream<Path> files = Files.exists(root) ? Files.walk(root) : Stream.empty()) {
                state.put(dir, files.map(p -> root.relativize(p) + "@" + p.toFile().length()).sorted().toList());
            }
        }
        return state;
    }

    @Test
    void a_publishedBundlesAreVerifiedTargetsForThePinnedTufClientAndASecondPublishBumpsThem() throws Exception {
        byte[] rootBytes = Files.readAllBytes(fx.init.trustedRootFile());
        String greeterId = uploadBundle("io.example.greeter", "1.0.0");
        String clockId = uploadBundle("io.example.clock", "1.0.0");
        JsonNode r1 = seal("r1", greeterId, clockId);
        assertEquals(1, r1.get("level").asLong());
        String greeterPath = "bundles/io.example.greeter/1.0.0/" + greeterId + ".jar";
        assertTrue(r1.get("targets").toString().contains(greeterPath), r1.toString());

        TufUpdater client = TufClient.builder().metadataDir(work.resolve("client-metadata"))
                .targetDir(work.resolve("client-targets")).clock(fx.clock).bootstrapRoot(rootBytes).build();
        TrustedLocation location = client.trustedRoot().location().orElseThrow();
        assertEquals(URI.create(fx.server.baseUri() + "/repo/metadata/"), location.metadataUrl());
        assertEquals(List.of("sha256/" + fx.init.certificatePinSha256()), location.tlsPins());
        client.refresh();
        assertArrayEquals(Files.readAllBytes(work.resolve("io.example.greeter-1.0.0.jar")), client.fetchTarget(greeterPath));
        assertEquals("io.example.greeter", client.requireTarget(greeterPath).custom().path("bundle")
                .path("symbolic_name").asText());

        String newerId = uploadBundle("io.example.greeter", "1.1.0");
        JsonNode r2 = seal("r2", newerId);
        assertEquals(2, r2.get("level").asLong());
        client.refresh();
        String newerPath = "bundles/io.example.greeter/1.1.0/" + newerId + ".jar";
        assertArrayEquals(Files.readAllBytes(work.resolve("io.example.greeter-1.1.0.jar")), client.fetchTarget(newerPath));
        assertTrue(client.findTarget(greeterPath).isPresent(), "earlier releases stay listed");
        assertFalse(Files.exists(dataDirectory.resolve("uploads/" + newerId + ".jar")), "sealed uploads are removed");
        assertTrue(Files.isDirectory(dataDirectory.resolve("repo-root-keys/root")));
        assertFalse(Files.exists(dataDirectory.resolve("repo-keys/root")), "the root key is not among the online keys");
    }

    @Test
    void b_checkInCarriesTheAssignmentForTheRightClientsOnlyAndCancelRemovesIt() throws Exception {
        seal("b1", uploadBundle("io.example.b", "1.0.0"));
        Device stable = fx.enroll("stable");
        Device beta = fx.enroll("beta");
        Device picked = fx.enroll("beta");
        JsonNode toChannel = deploy("{\"releaseId\":\"b1\",\"channel\":\"stable\",\"actionType\":\"SOFT\","
                + "\"policy\":{\"name\":\"AFTER_COMMIT\"},\"maintenanceWindow\":{\"days\":[\"SAT\"],\"start\":\"02:00\","
                + "\"durationMinutes\":120}}");
        JsonNode toGroup = deploy("{\"releaseId\":\"b1\",\"clientIds\":[\"" + picked.clientId + "\"],"
                + "\"actionType\":\"TIME_FORCED\",\"forcedAt\":\"2030-02-01T00:00:00Z\",\"policy\":{\"name\":\"DEADLINE\","
                + "\"deadline\":\"2030-03-01T00:00:00Z\",\"deadlineAction\":\"DISABLE_FEATURES\",\"features\":[\"export\"]}}");

        JsonNode assigned = json(fx.signed(stable, "/device/v1/check-in", checkInBody(0))).get("deployment");
        assertEquals(toChannel.get("deploymentId"), assigned.get("deploymentId"));
        assertEquals("b1", assigned.get("releaseId").asText());
        assertEquals("SOFT", assigned.get("actionType").asText());
        assertEquals("AFTER_COMMIT", assigned.get("policy").get("name").asText());
        assertEquals(120, assigned.get("maintenanceWindow").get("durationMinutes").asInt());
        assertTrue(assigned.get("targets").get(0).get("path").asText().startsWith("bundles/io.example.b/1.0.0/"));
        assertFalse(assigned.toString().contains("https:"), "no URLs: the client fetches from its root's location");

        assertTrue(json(fx.signed(beta, "/device/v1/check-in", checkInBody(0))).get("deployment").isNull());
        JsonNode forPicked = json(fx.signed(picked, "/device/v1/check-in", checkInBody(0))).get("deployment");
        assertEquals(toGroup.get("deploymentId"), forPicked.get("deploymentId"));
        assertEquals("DISABLE_FEATURES", forPicked.get("policy").get("deadlineAction").asText());
        assertEquals("2030-02-01T00:00:00Z", forPicked.get("forcedAt").asText());

        HttpResponse<String> cancelled = fx.admin("POST", "/admin/v1/deployments/cancel", operator,
                "{\"deploymentId\":" + toGroup.get("deploymentId") + "}");
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertTrue(json(fx.signed(picked, "/device/v1/check-in", checkInBody(0))).get("deployment").isNull());
        assertRefused(409, "already_cancelled", fx.admin("POST", "/admin/v1/deployments/cancel", operator,
                "{\"deploymentId\":" + toGroup.get("deploymentId") + "}"));
        fx.admin("POST", "/admin/v1/deployments/cancel", operator, "{\"deploymentId\":" + toChannel.get("deploymentId") + "}");
    }

    @Test
    void c_laggingAndFailedInstallViews() throws Exception {
        JsonNode release = seal("c1", uploadBundle("io.example.c", "1.0.0"));
        long level = release.get("level").asLong();
        Device behind = fx.enroll("lag");
        Device current = fx.enroll("lag");
        JsonNode deployment = deploy("{\"releaseId\":\"c1\",\"channel\":\"lag\",\"actionType\":\"FORCED\","
                + "\"policy\":{\"name\":\"NOW\"}}");
        fx.signed(behind, "/device/v1/check-in", checkInBody(level - 1));
        fx.signed(current, "/device/v1/check-in", checkInBody(level));
        String id = deployment.get("deploymentId").asText();
        String policy = "{\"targetLevel\":\"c1\",\"deferrals\":3,\"unanswered\":1,\"lastChoice\":\"DEFER\","
                + "\"warningsSent\":[\"PT1H\"],\"enforced\":false,\"lastDecision\":\"APPLY_NOW\",\"reason\":\"accepted\","
                + "\"events\":[{\"at\":\"2030-01-01T00:00:00Z\",\"type\":\"ASKED\",\"detail\":\"\"}],\"droppedEvents\":0}";
        assertEquals(202, fx.signed(current, "/device/v1/feedback", "{\"targetSequence\":" + level
                + ",\"state\":\"WAITING_FOR_POLICY\",\"deploymentId\":\"" + id + "\",\"policy\":" + policy + "}")
                .statusCode());
        HttpResponse<String> failed = fx.signed(behind, "/device/v1/feedback", "{\"targetSequence\":" + level
                + ",\"state\":\"ROLLED_BACK\",\"cause\":\"health check io.example.c failed\",\"deploymentId\":\""
                + id + "\",\"policy\":" + policy + "}");
        assertEquals(202, failed.statusCode(), failed.body());

        JsonNode lagging = json(fx.admin("GET", "/admin/v1/clients/lagging", readOnly, null)).get("clients");
        assertEquals(1, lagging.size(), lagging.toString());
        assertEquals(behind.clientId, lagging.get(0).get("clientId").asText());
        assertEquals(level, lagging.get(0).get("assignedLevel").asLong());
        assertEquals(deployment.get("deploymentId"), lagging.get(0).get("deploymentId"));
        JsonNode installs = json(fx.admin("GET", "/admin/v1/installs/failed", readOnly, null)).get("installs");
        assertEquals("health check io.example.c failed", installs.get(0).get("cause").asText());
        assertEquals(id, installs.get(0).get("deploymentId").asText());
        assertEquals(3, installs.get(0).get("policy").get("deferrals").asInt());
        assertEquals("ASKED", installs.get(0).get("policy").get("events").get(0).get("type").asText());

        JsonNode status = json(fx.admin("GET", "/admin/v1/deployments/status?id=" + id, readOnly, null));
        assertEquals("c1", status.get("releaseId").asText());
        assertEquals(level, status.get("level").asLong());
        Map<String, JsonNode> byClient = new java.util.HashMap<>();
        status.get("clients").forEach(c -> byClient.put(c.get("clientId").asText(), c));
        assertEquals(2, byClient.size(), status.toString());
        JsonNode failedClient = byClient.get(behind.clientId);
        assertEquals("ROLLED_BACK", failedClient.get("state").asText());
        assertEquals("health check io.example.c failed", failedClient.get("lastReport").get("cause").asText());
        assertEquals(3, failedClient.get("policy").get("deferrals").asInt());
        assertEquals("DEFER", failedClient.get("policy").get("lastChoice").asText());
        assertEquals(1, failedClient.get("policy").get("events").asInt());
        assertEquals("WAITING_FOR_POLICY", byClient.get(current.clientId).get("state").asText());
        assertRefused(404, "unknown_deployment", fx.admin("GET", "/admin/v1/deployments/status?id=nope", readOnly, null));
        JsonNode listed = json(fx.admin("GET", "/admin/v1/deployments/list?active=true", readOnly, null)).get("deployments");
        assertEquals(id, listed.get(0).get("deploymentId").asText(), listed.toString());
        assertEquals("lag", listed.get(0).get("channel").asText());
        assertEquals("FORCED", listed.get(0).get("actionType").asText());
        assertEquals("NOW", listed.get(0).get("policy").get("name").asText());
        assertTrue(listed.get(0).get("cancelledAt").isNull());
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/deployments/list?active=maybe", readOnly, null));
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/deployments/status", readOnly, null));
        assertRefused(401, "unauthorized", fx.admin("GET", "/admin/v1/deployments/status?id=" + id, "nope", null));
        JsonNode releases = json(fx.admin("GET", "/admin/v1/releases/list", readOnly, null)).get("releases");
        assertEquals("c1", releases.get(0).get("releaseId").asText());
        fx.admin("POST", "/admin/v1/deployments/cancel", operator, "{\"deploymentId\":" + deployment.get("deploymentId") + "}");
        JsonNode all = json(fx.admin("GET", "/admin/v1/deployments/list", readOnly, null)).get("deployments");
        assertFalse(all.get(0).get("cancelledAt").isNull(), all.toString());
        JsonNode active = json(fx.admin("GET", "/admin/v1/deployments/list?active=true", readOnly, null)).get("deployments");
        for (JsonNode d : active) {
            assertFalse(d.get("deploymentId").asText().equals(id), "a cancelled deployment is not active");
        }
    }

    @Test
    void d_refusalsWriteNothing() throws Exception {
        seal("d1", uploadBundle("io.example.d", "1.0.0"));
        byte[] jar = Files.readAllBytes(TestJars.bundle(work, "d2.jar", "io.example.d", "2.0.0"));
        Map<String, List<String>> before = state();
        assertRefused(403, "forbidden", upload(readOnly, jar, "application/java-archive"));
        assertRefused(403, "forbidden", fx.admin("POST", "/admin/v1/releases", readOnly, "{\"releaseId\":\"x\",\"uploads\":[]}"));
        assertRefused(401, "unauthorized", upload("nope", jar, "application/java-archive"));
        assertRefused(415, "unsupported_media_type", upload(operator, jar, "application/json"));
        assertRefused(400, "invalid_bundle", upload(operator, "not a zip at all".getBytes(), "application/java-archive"));
        assertRefused(400, "invalid_bundle", upload(operator,
                Files.readAllBytes(TestJars.bundle(work, "plain.jar", null, "1.0.0")), "application/java-archive"));
        byte[] big = new byte[MAX_JAR + 1];
        new java.util.Random(1).nextBytes(big);
        assertRefused(413, "too_large", upload(operator, big, "application/java-archive"));
        assertRefused(404, "unknown_upload", fx.admin("POST", "/admin/v1/releases", operator,
                "{\"releaseId\":\"d2\",\"uploads\":[\"" + "0".repeat(64) + "\"]}"));
        assertRefused(400, "invalid_input", fx.admin("POST", "/admin/v1/releases", operator,
                "{\"releaseId\":\"d2\",\"uploads\":[\"../../etc/passwd\"]}"));
        assertRefused(404, "unknown_release", fx.admin("POST", "/admin/v1/deployments", operator,
                "{\"releaseId\":\"nope\",\"channel\":\"stable\",\"actionType\":\"SOFT\",\"policy\":{\"name\":\"NOW\"}}"));
        assertRefused(400, "invalid_input", fx.admin("POST", "/admin/v1/deployments", operator,
                "{\"releaseId\":\"d1\",\"channel\":\"stable\",\"actionType\":\"SOFT\",\"policy\":{\"name\":\"LATER\"}}"));
        assertRefused(400, "invalid_input", fx.admin("POST", "/admin/v1/deployments", operator,
                "{\"releaseId\":\"d1\",\"channel\":\"stable\",\"actionType\":\"SOFT\",\"policy\":{\"name\":\"DEADLINE\"}}"));
        assertRefused(400, "invalid_input", fx.admin("POST", "/admin/v1/deployments", operator,
                "{\"releaseId\":\"d1\",\"channel\":\"stable\",\"actionType\":\"SOFT\",\"policy\":{\"name\":\"NOW\"},"
                + "\"maintenanceWindow\":\"every night\"}"));
        assertRefused(400, "invalid_input", fx.admin("POST", "/admin/v1/deployments", operator,
                "{\"releaseId\":\"d1\",\"channel\":\"stable\",\"actionType\":\"SOFT\",\"policy\":{\"name\":\"NOW\"},"
                + "\"maintenanceWindow\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}"));
        assertRefused(404, "unknown_deployment", fx.admin("POST", "/admin/v1/deployments/cancel", operator,
                "{\"deploymentId\":\"nope\"}"));
        assertEquals(before, state());

        String ok = "{\"releaseId\":\"d1\",\"channel\":\"stable\",\"actionType\":\"SOFT\",\"policy\":{\"name\":\"NOW\"}}";
        deploy(ok);
        Map<String, List<String>> deployed = state();
        assertRefused(409, "duplicate_deployment", fx.admin("POST", "/admin/v1/deployments", operator, ok));
        assertRefused(409, "duplicate_release", fx.admin("POST", "/admin/v1/releases", operator,
                "{\"releaseId\":\"d1\",\"uploads\":[\"" + json(upload(operator, jar, "application/java-archive"))
                        .get("uploadId").asText() + "\"]}"));
        Map<String, List<String>> after = state();
        after.remove("uploads");
        deployed.remove("uploads");
        assertEquals(deployed, after);
    }

    @Test
    void e_aBundleWithTheManifestOfALargeSignedJarIsAccepted() throws Exception {
        // A JAR-signed bundle's manifest has a digest section per entry: 4,000 entries make ~330 KiB.
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.example.large");
        main.putValue("Bundle-Version", "1.0.0");
        for (int i = 0; i < 4_000; i++) {
            Attributes section = new Attributes();
            section.putValue("SHA-256-Digest", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
            manifest.getEntries().put("io/example/large/C" + i + ".class", section);
        }
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            out.putNextEntry(new ZipEntry("io/example/large/C0.class"));
            out.closeEntry();
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        manifest.write(written);
        assertTrue(written.size() > 256 * 1024, "the manifest is " + written.size() + " bytes");
        HttpResponse<String> uploaded = upload(operator, jar.toByteArray(), "application/java-archive");
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertEquals("io.example.large", json(uploaded).get("symbolicName").asText());
    }
}
