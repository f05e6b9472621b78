package io.patchbay.license.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.gate.testapi.Reports;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The gate fed by the real license client: an imported token starts the gated bundle live, a trial expiring stops it
 * live once the call in flight completed, and a licensed data directory copied to another machine runs nothing.
 */
class LicenseClientGateTest extends GateFixture {

    private static final Instant T0 = Instant.parse("2030-03-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());

    private LicenseClient client(Path dir, SimulatedMachine machine) throws java.io.IOException {
        return LicenseClient.builder().dataDirectory(dir).applicationId("com.acme.app")
                .vendorKeys(Map.of("vendor-1", vendor.publicKey())).clock(clock).fingerprint(machine).open();
    }

    /** A trial of "reports" for this instance and machine, ending an hour after {@link #T0}. */
    private String trialToken(LicenseClient client) {
        LicenseClaims claims = new LicenseClaims("trial-1", "Acme", client.instanceKey(), client.fingerprint(),
                List.of(new FeatureGrant("reports", T0.plus(Duration.ofHours(1)), Map.of())),
                T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(30)), null, null);
        return LicenseTokens.issue(claims, vendor, "vendor-1");
    }

    private static void importToken(LicenseClient client, String token) {
        try {
            client.importToken(token);
        } catch (io.patchbay.license.api.LicenseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTrialStartsOnActivationAndStopsLiveWhenItExpiresOnceTheCallInFlightCompletes() throws Exception {
        try (LicenseClient client = client(root.resolve("license"), SimulatedMachine.server("alpha"))) {
            patchbay.bundleContext().registerService(Entitlements.class, client.entitlements(), null);
            openGate(WAIT);
            assertEquals(Bundle.INSTALLED, reports().getState(), "no license yet");

            expectState(Bundle.ACTIVE, () -> importToken(client, trialToken(client)));
            assertEquals("report 1.0.0 for q3", report());

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            Reports.BLOCK.set(release);
            Reports.ENTERED.set(entered);
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(this::report);
            assertTrue(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            clock.advance(Duration.ofHours(2));
            client.tick();
            assertEquals(LicenseCode.EXPIRED, gate.features().status("reports").code());
            awaitGateThreadWaiting();
            assertEquals(Bundle.ACTIVE, reports().getState(), "the call in flight is not cut off");

            expectState(Bundle.INSTALLED, release::countDown);
            assertEquals("report 1.0.0 for q3", inFlight.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aLicensedDataDirectoryCopiedToAnotherMachineKeepsGatedBundlesStopped() throws Exception {
        Path alpha = root.resolve("license-alpha");
        try (LicenseClient original = client(alpha, SimulatedMachine.server("alpha"))) {
            importToken(original, trialToken(original));
            assertTrue(original.entitlements().enabled("reports"));
        }
        Path beta = root.resolve("license-beta");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(alpha)) {
            for (Path file : files.toList()) {
                java.nio.file.Files.copy(file, beta.resolve(alpha.relativize(file).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        try (LicenseClient copied = client(beta, SimulatedMachine.server("beta"))) {
            patchbay.bundleContext().registerService(Entitlements.class, copied.entitlements(), null);
            openGate(WAIT);
            assertEquals(LicenseCode.FINGERPRINT_MISMATCH, gate.features().status("reports").code());
            copied.tick();
            assertEquals(Bundle.INSTALLED, reports().getState(), "the copy runs no licensed bundle");
            assertFalse(patchbay.bundleContext().getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                    .resolveBundles(List.of(reports())));
        }
    }
}
