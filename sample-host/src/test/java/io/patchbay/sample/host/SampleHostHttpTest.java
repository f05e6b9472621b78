package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's HTTP API against the real signed sample bundles, on an ephemeral loopback port. */
class SampleHostHttpTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    @TempDir
    Path data;

    @TempDir
    Path otherData;

    private SampleHost host;
    private TestHttp http;

    @BeforeEach
    void start() {
        host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data));
        http = new TestHttp(host.baseUri());
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void bindsAnEphemeralLoopbackPort() {
        assertTrue(host.port() > 0);
        assertEquals("127.0.0.1", host.baseUri().getHost());
    }

    @Test
    void aPortInUseIsAClearStartupError() {
        HostSettings clash = HostSettings.forSampleBundles(BUNDLES, host.port(), otherData);

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> SampleHost.start(clash));

        assertTrue(error.getMessage().startsWith("cannot serve HTTP on 127.0.0.1:" + host.port()), error.getMessage());
        assertEquals("Hello, Ada (v1)", http.greet("Ada").body(), "the first host is unaffected");
    }

    @Test
    void greetsThroughTheInitialGreeter() {
        HttpResponse<String> response = http.greet("Ada");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, Ada (v1)", response.body());
    }

    @Test
    void servesTheCommittedPatchLevel() {
        JsonNode level = TestHttp.json(http.get("/patch-level"));
        assertEquals(1, level.get("sequence").asLong());
        assertEquals(2, level.get("bundles").size());
        assertEquals("io.patchbay.sample.formatter", level.at("/bundles/0/symbolicName").asText());
        assertEquals("1.0.0", level.at("/bundles/0/version").asText());
        assertEquals("io.patchbay.sample.greeter", level.at("/bundles/1/symbolicName").asText());
        assertEquals("1.0.0", level.at("/bundles/1/version").asText());
        assertEquals(64, level.at("/bundles/1/sha256").asText().length());
    }

    @Test
    void swapsTheGreeterLiveThroughTheHttpEndpoint() {
        HttpResponse<String> response = http.applyFiles(BUNDLES.greeterUpdate());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode report = TestHttp.json(response);
        assertEquals("COMMITTED", report.get("outcome").asText());
        assertTrue(report.get("cause").isNull());
        assertEquals("1.0.0", report.at("/before/bundles/1/version").asText());
        assertEquals("1.1.0", report.at("/after/bundles/1/version").asText());
        for (String step : new String[] {"VERIFY", "STAGE", "JOURNAL", "APPLY", "START", "HEALTH", "COMMIT"}) {
            assertTrue(report.get("timingsMillis").has(step), "timing for " + step + " in " + report);
        }
        assertEquals("Hello, Ada! Nice to see you (v2)", http.greet("Ada").body());
        JsonNode level = TestHttp.json(http.get("/patch-level"));
        assertEquals(2, level.get("sequence").asLong());
        assertEquals("1.1.0", level.at("/bundles/1/version").asText());
    }

    @Test
    void rollsBackWhenTheHealthCheckFails() {
        HttpResponse<String> response = http.applyFiles(BUNDLES.greeterUnhealthy());

        assertEquals(409, response.statusCode(), response.body());
        JsonNode report = TestHttp.json(response);
        assertEquals("ROLLED_BACK", report.get("outcome").asText());
        assertTrue(report.at("/cause/message").asText().contains("ignores the name it greets"), report.toString());
        assertTrue(report.get("timingsMillis").has("ROLLBACK"));
        assertEquals("Hello, Ada (v1)", http.greet("Ada").body());
        assertEquals(1, TestHttp.json(http.get("/patch-level")).get("sequence").asLong());
    }

    @Test
    void rollsBackWhenTheActivatorThrows() {
        HttpResponse<String> response = http.applyFiles(BUNDLES.greeterThrowingActivator());

        assertEquals(409, response.statusCode(), response.body());
        JsonNode report = TestHttp.json(response);
        assertEquals("ROLLED_BACK", report.get("outcome").asText());
        assertTrue(report.at("/cause/causes").toString().contains("io.patchbay.sample.greeter.salutation"), report.toString());
        assertEquals("Hello, Ada (v1)", http.greet("Ada").body());
    }

    @Test
    void aMultiBundlePatchIsAllOrNothing() {
        HttpResponse<String> response = http.applyFiles(BUNDLES.formatterUpdate(), BUNDLES.greeterThrowingActivator());

        assertEquals(409, response.statusCode(), response.body());
        JsonNode level = TestHttp.json(http.get("/patch-level"));
        assertEquals("1.0.0", level.at("/bundles/0/version").asText(), "formatter must stay at 1.0.0");
        assertEquals("1.0.0", level.at("/bundles/1/version").asText());
        // formatter 1.0.0 capitalises only the first word: the old formatter revision is really back.
        assertEquals("Hello, Ada lovelace (v1)", http.greet("ada lovelace").body());
    }

    @Test
    void updatingTheFormatterRefreshesTheGreeterOntoIt() {
        assertEquals(200, http.applyFiles(BUNDLES.formatterUpdate()).statusCode());

        assertEquals("Hello, Ada Lovelace (v1)", http.greet("ada  lovelace").body());
    }

    @Test
    void acceptsABundleJarUploadedAsTheBody() throws Exception {
        HttpResponse<String> response = http.post("/patches?name=greeter-v2.jar", "application/java-archive",
                Files.readAllBytes(BUNDLES.greeterUpdate()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Hello, Ada! Nice to see you (v2)", http.greet("Ada").body());
    }

    @Test
    void keepsTheCommittedLevelAcrossARestart() {
        assertEquals(200, http.applyFiles(BUNDLES.greeterUpdate()).statusCode());
        host.close();

        host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data));
        http = new TestHttp(host.baseUri());

        assertEquals("Hello, Ada! Nice to see you (v2)", http.greet("Ada").body());
        assertEquals(2, TestHttp.json(http.get("/patch-level")).get("sequence").asLong());
    }
}
