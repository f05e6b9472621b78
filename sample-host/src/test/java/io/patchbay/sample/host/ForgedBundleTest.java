package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.demo.JarCopies;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles that were not signed, or changed after signing, never reach the container. */
class ForgedBundleTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    @TempDir
    Path work;

    private SampleHost host;
    private TestHttp http;

    @BeforeEach
    void start() {
        host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, work.resolve("data")));
        http = new TestHttp(host.baseUri());
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void refusesAnUnsignedCopy() throws Exception {
        Path unsigned = JarCopies.unsigned(BUNDLES.greeterUpdate(), work.resolve("unsigned.jar"));

        assertRejected(http.applyFiles(unsigned), "UNSIGNED_ENTRY");
    }

    @Test
    void refusesACopyChangedAfterSigning() throws Exception {
        Path tampered = JarCopies.tampered(BUNDLES.greeterUpdate(), work.resolve("tampered.jar"), "greeter.properties",
                bytes -> new String(bytes, StandardCharsets.UTF_8).replace("Hello", "Gotcha")
                        .getBytes(StandardCharsets.UTF_8));

        assertRejected(http.applyFiles(tampered), "TAMPERED_ENTRY");
    }

    private void assertRejected(HttpResponse<String> response, String reason) {
        assertEquals(422, response.statusCode(), response.body());
        JsonNode report = TestHttp.json(response);
        assertEquals("REJECTED", report.get("outcome").asText());
        assertEquals(reason, report.at("/cause/reason").asText());
        assertEquals(1, report.at("/after/sequence").asLong());
        assertEquals("Hello, Ada (v1)", http.greet("Ada").body());
    }
}
