package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.sample.host.api.HostLicensing;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.demo.BundleStates;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The host's licensing wiring end to end, with the build-signed license gate and reports bundles: unlicensed the
 * feature answers 503 with the reason, a token installed over HTTP starts it live, a trial expiring stops it live,
 * and a licensed data directory copied to another machine runs nothing.
 */
class LicensedHostTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();
    private static final String REPORTS = "io.patchbay.sample.reports";
    private static final String KEY_ID = "test-vendor-1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());
    private final MutableClock clock = new MutableClock(Instant.now());
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private SampleHost host;
    private TestHttp http;

    private void start(Path data, SimulatedMachine machine) {
        HostLicensing licensing = HostLicensing.offline("io.patchbay.sample.test", Map.of(KEY_ID, vendor.publicKey()))
                .withClock(clock).withFingerprint(machine).withScheduler(ticks, Duration.ofHours(6));
        host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data)
                .withLicensing(licensing, List.of(BUNDLES.licenseGate(), BUNDLES.reports())));
        http = new TestHttp(host.baseUri());
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        ticks.shutdownNow();
    }

    private LicenseClient license() {
        return host.licensing().orElseThrow();
    }

    private int reportsState() {
        return BundleStates.state(host.patchbay().bundleContext(), REPORTS);
    }

    private String trial(Duration length) {
        return TrialTokens.trial(license(), "reports", clock.instant(), length, vendor, KEY_ID);
    }

    private HttpResponse<String> activate(String token) throws IOException {
        return http.postJson("/license/activate", JSON.writeValueAsString(Map.of("token", token)));
    }

    private static String error(HttpResponse<String> response) {
        return TestHttp.json(response).path("error").asText();
    }

    @Test
    void unlicensedTheFeatureIsHeldAndAnswers503WithTheReason() {
        start(root.resolve("data"), SimulatedMachine.server("alpha"));
        assertEquals(Bundle.INSTALLED, reportsState(), "held: not even resolved");
        HttpResponse<String> refused = http.get("/report?subject=sales");
        assertEquals(503, refused.statusCode());
        assertEquals("feature 'reports' is not licensed: FEATURE_MISSING", error(refused));
        JsonNode view = TestHttp.json(http.get("/license"));
        assertTrue(view.get("licenseId").isNull());
        assertEquals(license().instanceKey(), view.get("instanceKey").asText());
        assertEquals("Hello, Ada (v1)", http.greet("Ada").body(), "unlicensed features hold nothing else back");
    }

    @Test
    void anActivatedLicenseStartsTheFeatureLiveAndARefusedOneChangesNothing() throws Exception {
        start(root.resolve("data"), SimulatedMachine.server("alpha"));
        String forged = TrialTokens.trial(license(), "reports", clock.instant(), Duration.ofHours(1),
                SigningKeyPair.generate(new SecureRandom()), KEY_ID);
        HttpResponse<String> refused = activate(forged);
        assertEquals(422, refused.statusCode());
        assertTrue(error(refused).contains("BAD_SIGNATURE"), refused.body());
        assertEquals(Bundle.INSTALLED, reportsState());

        assertTrue(BundleStates.after(host.patchbay().bundleContext(), REPORTS, s -> s == Bundle.ACTIVE, WAIT,
                () -> assertEquals(200, uncheck(() -> activate(trial(Duration.ofDays(7)))).statusCode())));
        HttpResponse<String> report = http.get("/report?subject=sales");
        assertEquals(200, report.statusCode(), report.body());
        assertEquals("Report on sales (v1.0.0)", report.body());
        JsonNode view = TestHttp.json(http.get("/license"));
        assertEquals("trial-reports", view.get("licenseId").asText());
        assertEquals("VALID", view.at("/features/reports/code").asText());
        assertTrue(view.at("/features/reports/enabled").asBoolean());
        assertEquals("Feature 'reports' is enabled.", lastOfKind(view, "enabled").get("message").asText());
        assertTrue(lastOfKind(view, "expiring").get("message").asText().startsWith("Feature 'reports' expires at "),
                "a 7-day trial is inside the 14-day warning period");
    }

    @Test
    void aTrialExpiringStopsTheFeatureLiveAndSaysWhy() throws Exception {
        start(root.resolve("data"), SimulatedMachine.server("alpha"));
        assertTrue(BundleStates.after(host.patchbay().bundleContext(), REPORTS, s -> s == Bundle.ACTIVE, WAIT,
                () -> uncheck(() -> activate(trial(Duration.ofHours(1))))));
        JsonNode warned = TestHttp.json(http.get("/license")).get("events");
        assertTrue(warned.toString().contains("\"expiring\""), "a 1-hour trial is inside the warning period: " + warned);

        clock.advance(Duration.ofHours(2));
        assertTrue(BundleStates.after(host.patchbay().bundleContext(), REPORTS,
                s -> s == Bundle.INSTALLED || s == Bundle.RESOLVED, WAIT, license()::tick), "stopped live");
        HttpResponse<String> refused = http.get("/report?subject=sales");
        assertEquals(503, refused.statusCode());
        assertTrue(error(refused).startsWith("feature 'reports' is not licensed: EXPIRED (Feature 'reports'"
                + " (license trial-reports) is disabled: it expired at "), error(refused));
        assertEquals("EXPIRED", lastOfKind(TestHttp.json(http.get("/license")), "disabled").get("code").asText());
    }

    @Test
    void aLicensedDataDirectoryCopiedToAnotherMachineRunsNothing() throws Exception {
        Path original = root.resolve("alpha");
        start(original, SimulatedMachine.server("alpha"));
        assertTrue(BundleStates.after(host.patchbay().bundleContext(), REPORTS, s -> s == Bundle.ACTIVE, WAIT,
                () -> uncheck(() -> activate(trial(Duration.ofDays(7))))));
        host.close();
        host = null;

        Path copy = root.resolve("beta");
        copyTree(original, copy);
        start(copy, SimulatedMachine.server("beta"));
        assertEquals(LicenseCode.FINGERPRINT_MISMATCH, license().entitlements().status("reports").code());
        license().tick();
        assertEquals(Bundle.INSTALLED, reportsState(), "the copy runs no licensed bundle");
        HttpResponse<String> refused = http.get("/report?subject=sales");
        assertEquals(503, refused.statusCode());
        assertTrue(error(refused).contains("FINGERPRINT_MISMATCH"), refused.body());
        assertFalse(host.patchbay().bundleContext().getBundle(0)
                .adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                .resolveBundles(List.of(BundleStates.find(host.patchbay().bundleContext(), REPORTS).orElseThrow())),
                "and it cannot be resolved by hand either");
    }

    @Test
    void malformedActivationRequestsAreRefused() throws Exception {
        start(root.resolve("data"), SimulatedMachine.server("alpha"));
        assertEquals(400, http.postJson("/license/activate", "{\"token\":\"a\",\"licenseKey\":\"b\"}").statusCode());
        assertEquals(400, http.postJson("/license/activate", "{}").statusCode());
        assertEquals(400, http.postJson("/license/activate", "{\"token\":1,\"x\":2}").statusCode());
        assertEquals(413, http.postJson("/license/activate", "{\"token\":\"" + "a".repeat(40_000) + "\"}").statusCode());
        HttpResponse<String> noServer = http.postJson("/license/activate", "{\"licenseKey\":\"KEY-1\"}");
        assertEquals(502, noServer.statusCode(), "an offline host cannot activate online: " + noServer.body());
        assertEquals(422, activate("not.a.token").statusCode());
        assertEquals(Bundle.INSTALLED, reportsState());
    }

    private static JsonNode lastOfKind(JsonNode view, String kind) {
        JsonNode found = null;
        for (JsonNode event : view.get("events")) {
            if (event.get("kind").asText().equals(kind)) {
                found = event;
            }
        }
        assertTrue(found != null, "no " + kind + " event in " + view.get("events"));
        return found;
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private static <T> T uncheck(IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
