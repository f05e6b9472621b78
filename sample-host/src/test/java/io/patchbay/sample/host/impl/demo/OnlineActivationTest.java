package io.patchbay.sample.host.impl.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.license.api.LicenseCode;
import io.patchbay.sample.host.api.HostLicensing;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.client.HostClient;
import io.patchbay.sample.host.impl.client.HostClientException;
import io.patchbay.sample.host.impl.json.LicenseRequestBody;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The host against a real license server (the demo's in-process one) over the production pinned transport: a key
 * the server issued is activated online and starts the feature live; an unknown key is refused with the server's
 * reason and changes nothing; a license key given in the settings is activated at start.
 */
class OnlineActivationTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    @Test
    void aKeyIsActivatedOnlineOverThePinnedTransportAndAnUnknownOneIsRefused() throws Exception {
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        try (DemoLicenseServer server = DemoLicenseServer.start(root.resolve("server"))) {
            HostLicensing licensing = HostLicensing.offline("io.patchbay.sample.test", server.vendorKeys())
                    .withTransport(server.transport()).withScheduler(ticks, Duration.ofHours(6));
            HostSettings settings = HostSettings.forSampleBundles(BUNDLES, 0, root.resolve("host"))
                    .withLicensing(licensing, List.of(BUNDLES.licenseGate(), BUNDLES.reports()));
            try (SampleHost host = SampleHost.start(settings)) {
                HostClient client = new HostClient(host.baseUri());
                HostClientException refused = org.junit.jupiter.api.Assertions.assertThrows(HostClientException.class,
                        () -> client.activate(new LicenseRequestBody("LK-not-issued", null)));
                assertEquals(502, refused.status(), refused.getMessage());
                assertTrue(refused.getMessage().contains("unknown_license"), refused.getMessage());

                String key = server.issueTrial("reports", Instant.now(), Duration.ofDays(30));
                assertTrue(BundleStates.after(host.patchbay().bundleContext(), LicenseDemo.REPORTS,
                        s -> s == Bundle.ACTIVE, WAIT, () -> client.activate(new LicenseRequestBody(key, null))));
                assertEquals(LicenseCode.VALID, host.licensing().orElseThrow().entitlements().status("reports").code());
                assertEquals(200, client.report("sales").status());
            }

            String atStart = server.issueTrial("reports", Instant.now(), Duration.ofDays(30));
            HostSettings second = HostSettings.forSampleBundles(BUNDLES, 0, root.resolve("host-2"))
                    .withLicensing(licensing.withLicenseKey(atStart), List.of(BUNDLES.licenseGate(), BUNDLES.reports()));
            try (SampleHost host = SampleHost.start(second)) {
                assertTrue(host.licensing().orElseThrow().entitlements().enabled("reports"), "activated at start");
                assertEquals("Report on q1 (v1.0.0)", awaitReport(new HostClient(host.baseUri())));
            }
        } finally {
            ticks.shutdownNow();
        }
    }

    /** The gate starts the bundle on its own thread; the service access point waits (bounded) for its service. */
    private static String awaitReport(HostClient client) {
        HostClient.Answer answer = client.report("q1");
        assertEquals(200, answer.status(), answer.text());
        return answer.text();
    }
}
