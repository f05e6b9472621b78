package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed request gets a specific error, and changes nothing. */
class BadRequestTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    @TempDir
    static Path data;

    private static SampleHost host;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data));
        http = new TestHttp(host.baseUri());
    }

    @AfterAll
    static void stop() {
        // Nothing any test sent may have changed the committed level.
        assertEquals(1, TestHttp.json(http.get("/patch-level")).get("sequence").asLong());
        host.close();
    }

    @Test
    void greetWithoutAName() {
        assertError(http.get("/greet"), 400, "'name' is required");
        assertError(http.greet("   "), 400, "'name' is required");
    }

    @Test
    void greetWithAnOverlongName() {
        assertError(http.greet("a".repeat(101)), 400, "at most 100");
    }

    @Test
    void unknownResource() {
        assertError(http.get("/admin"), 404, "no such resource: /admin");
    }

    @Test
    void wrongMethod() {
        HttpResponse<String> response = http.get("/patches");
        assertError(response, 405, "accepts POST only");
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
        assertError(http.postJson("/greet", "{}"), 405, "accepts GET only");
    }

    @Test
    void patchWithoutContentType() {
        assertError(http.post("/patches", null, "{}".getBytes(StandardCharsets.UTF_8)), 415, "Content-Type is required");
    }

    @Test
    void patchWithAnUnsupportedContentType() {
        assertError(http.post("/patches", "text/plain", "x".getBytes(StandardCharsets.UTF_8)), 415, "unsupported Content-Type");
    }

    @Test
    void refusedUploadsKeepTheConnectionUsable() {
        // Refused before the body is read: the client is still sending when the answer is ready.
        for (int i = 0; i < 50; i++) {
            assertError(http.post("/patches", "text/plain", new byte[64 * 1024]), 415, "unsupported Content-Type");
            assertEquals(200, http.greet("n" + i).statusCode());
        }
    }

    @Test
    void malformedJson() {
        assertError(http.postJson("/patches", "{\"files\": [\"/a.jar\""), 400, "malformed patch request");
    }

    @Test
    void unknownField() {
        assertError(http.postJson("/patches", "{\"files\": [\"/a.jar\"], \"force\": true}"), 400, "malformed patch request");
    }

    @Test
    void noFiles() {
        assertError(http.postJson("/patches", "{\"files\": []}"), 400, "non-empty list");
        assertError(http.postJson("/patches", "{}"), 400, "non-empty list");
    }

    @Test
    void relativePath() {
        assertError(http.postJson("/patches", "{\"files\": [\"greeter.jar\"]}"), 400, "must be absolute");
    }

    @Test
    void missingFile() {
        Path missing = data.resolve("no-such.jar").toAbsolutePath();
        assertError(http.postJson("/patches", "{\"files\": [\"" + missing + "\"]}"), 400, "no such file: " + missing);
    }

    @Test
    void emptyUpload() {
        assertError(http.post("/patches", "application/java-archive", new byte[0]), 400, "body is empty");
    }

    @Test
    void garbageUploadIsRejectedByTheFramework() {
        HttpResponse<String> response = http.post("/patches", "application/java-archive",
                "not a jar".getBytes(StandardCharsets.UTF_8));
        assertEquals(422, response.statusCode(), response.body());
        assertEquals("REJECTED", TestHttp.json(response).get("outcome").asText());
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        String error = TestHttp.json(response).get("error").asText();
        assertTrue(error.contains(messagePart), "'" + error + "' should say '" + messagePart + "'");
    }
}
