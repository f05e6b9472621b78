package io.patchbay.license.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.ServiceUnavailableException;
import io.patchbay.framework.spi.PatchbayHeaders;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.gate.impl.Gate;
import io.patchbay.license.gate.testapi.Reports;
import io.patchbay.license.gate.testbundle.ReportsActivator;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The gate on a real embedded runtime: it permits gated bundles from the feature source, starts them live when their
 * feature is enabled, stops them live (after the calls in flight drain) when it is disabled, and a gate that stops or
 * a source that goes away never stops a running licensed bundle.
 */
class GateTest {
    private static final String REPORTS = "com.acme.reports";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));

    @TempDir
    Path root;
    Patchbay patchbay;
    MutableSource source;
    ServiceRegistration<Entitlements> sourceRegistration;
    Gate gate;

    @BeforeEach
    void start() {
        byte[] reports = TestJars.bundle(REPORTS, "1.0.0")
                .header("Bundle-Activator", ReportsActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",io.patchbay.license.gate.testapi;version=\"[1,2)\"")
                .header(PatchbayHeaders.REQUIRED_FEATURES, "reports")
                .classesOf(ReportsActivator.class)
                .signedBy(PUBLISHER);
        patchbay = Patchbay.builder()
                .dataDirectory(root.resolve("data"))
                .trustPublisher(PUBLISHER.certificate())
                .hostPackage("io.patchbay.license.gate.testapi;version=1.0.0")
                .serviceWaitTimeout(Duration.ofMillis(300))
                .initialBundles(List.of(TestJars.write(root.resolve("work"), "reports.jar", reports)))
                .start();
        source = new MutableSource();
        Reports.BLOCK.set(null);
        Reports.ENTERED.set(null);
    }

    @AfterEach
    void stop() {
        Reports.BLOCK.set(null);
        if (gate != null) {
            gate.close();
        }
        patchbay.stop();
    }

    private void openGate(Duration drainTimeout) {
        gate = new Gate(patchbay.bundleContext(), drainTimeout);
        gate.open();
    }

    private void registerSource() {
        sourceRegistration = patchbay.bundleContext().registerService(Entitlements.class, source, null);
    }

    private Bundle reports() {
        for (Bundle bundle : patchbay.bundleContext().getBundles()) {
            if (REPORTS.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(REPORTS + " is not installed");
    }

    /** Runs {@code action} and waits (bounded) until the reports bundle is in {@code state}. */
    private void expectState(int state, Runnable action) throws InterruptedException {
        Bundle bundle = reports();
        CountDownLatch reached = new CountDownLatch(1);
        BundleListener listener = event -> {
            if (event.getBundle() == bundle && bundle.getState() == state) {
                reached.countDown();
            }
        };
        patchbay.bundleContext().addBundleListener(listener);
        try {
            action.run();
            if (bundle.getState() != state) {
                assertTrue(reached.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "state " + state + " not reached: "
                        + bundle.getState());
            }
        } finally {
            patchbay.bundleContext().removeBundleListener(listener);
        }
    }

    private String report() {
        return patchbay.service(Reports.class).call(r -> r.report("q3"));
    }

    @Test
    void aGatedBundleStartsLiveWhenItsFeatureIsEnabledAndStopsWhenDisabled() throws Exception {
        assertEquals(Bundle.INSTALLED, reports().getState(), "no gate at start-up: held, unresolved");
        registerSource();
        openGate(WAIT);
        assertEquals(Bundle.INSTALLED, reports().getState(), "a gate, but the feature is off");

        expectState(Bundle.ACTIVE, () -> source.enable("reports"));
        assertEquals("report 1.0.0 for q3", report());

        expectState(Bundle.INSTALLED, () -> source.disable("reports"));
        assertTrue(patchbay.service(Reports.class).current().isEmpty());
        assertThrowsUnavailable();

        expectState(Bundle.ACTIVE, () -> source.enable("reports"));
        assertEquals("report 1.0.0 for q3", report());
    }

    @Test
    void disablingWaitsForTheCallInFlightThenStops() throws Exception {
        registerSource();
        openGate(WAIT);
        expectState(Bundle.ACTIVE, () -> source.enable("reports"));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Reports.BLOCK.set(release);
        Reports.ENTERED.set(entered);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(this::report);
        assertTrue(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        source.disable("reports");
        Thread gateThread = awaitGateThreadWaiting();
        assertEquals(Bundle.ACTIVE, reports().getState(), "not stopped while a call is in flight (gate " + gateThread + ")");
        assertFalse(inFlight.isDone());

        expectState(Bundle.INSTALLED, release::countDown);
        assertEquals("report 1.0.0 for q3", inFlight.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "the call in flight completed normally");
    }

    @Test
    void aCallThatNeverReturnsDelaysTheStopOnlyUpToTheBound() throws Exception {
        registerSource();
        openGate(Duration.ofMillis(200));
        expectState(Bundle.ACTIVE, () -> source.enable("reports"));
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Reports.BLOCK.set(never);
        Reports.ENTERED.set(entered);
        CompletableFuture<String> stuck = CompletableFuture.supplyAsync(this::report);
        assertTrue(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        expectState(Bundle.INSTALLED, () -> source.disable("reports"));
        never.countDown();
        stuck.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void closingTheGateLeavesLicensedBundlesRunningAndHoldsBackTheRest() throws Exception {
        registerSource();
        openGate(WAIT);
        expectState(Bundle.ACTIVE, () -> source.enable("reports"));
        BundleRevision revision = reports().adapt(BundleRevision.class);

        gate.close();
        gate = null;
        assertEquals(Bundle.ACTIVE, reports().getState(), "a gate being swapped stops nobody");
        assertSame(revision, reports().adapt(BundleRevision.class));
        assertEquals("report 1.0.0 for q3", report());
        assertEquals(0, source.listeners(), "the closed gate no longer listens");

        reports().stop();
        startByHandAndExpectStoppedAgain();
        assertEquals(Bundle.RESOLVED, reports().getState(), "no gate: the framework's guard stops a start by hand again");

        openGate(WAIT);
        expectState(Bundle.INSTALLED, () -> source.disable("reports"));
        gate.close();
        gate = null;
        source.enable("reports");
        assertEquals(Bundle.INSTALLED, reports().getState(), "no gate: nothing starts it");
        assertFalse(patchbay.bundleContext().getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                .resolveBundles(List.of(reports())), "nor can anyone resolve it");
    }

    @Test
    void aBundleStoppedByHandIsUnresolvedWhenItsFeatureIsDisabledSoNoPlainStartRunsIt() throws Exception {
        registerSource();
        openGate(WAIT);
        expectState(Bundle.ACTIVE, () -> source.enable("reports"));
        reports().stop();
        assertEquals(Bundle.RESOLVED, reports().getState());

        expectState(Bundle.INSTALLED, () -> source.disable("reports"));
        try {
            reports().start();
            throw new AssertionError("an unlicensed bundle started");
        } catch (org.osgi.framework.BundleException expected) {
            assertEquals(Bundle.INSTALLED, reports().getState());
        }
    }

    @Test
    void aSourceThatGoesAwayStopsNobodyButPermitsNothingNew() throws Exception {
        registerSource();
        openGate(WAIT);
        expectState(Bundle.ACTIVE, () -> source.enable("reports"));

        sourceRegistration.unregister();
        assertFalse(gate.features().enabled("reports"));
        assertEquals(Bundle.ACTIVE, reports().getState());
        assertEquals("report 1.0.0 for q3", report());

        reports().stop();
        startByHandAndExpectStoppedAgain();
        assertEquals(Bundle.RESOLVED, reports().getState(), "nothing licensed: a start by hand is stopped again");
    }

    /**
     * Starts the resolved bundle directly, as host code may, and waits (bounded) until it has been stopped after that
     * start: the framework's guard stops a gated bundle no gate permits.
     */
    private void startByHandAndExpectStoppedAgain() throws Exception {
        Bundle bundle = reports();
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch stoppedAgain = new CountDownLatch(1);
        org.osgi.framework.SynchronousBundleListener listener = event -> {
            if (event.getBundle() != bundle) {
                return;
            }
            if (event.getType() == org.osgi.framework.BundleEvent.STARTED) {
                started.set(true);
            } else if (event.getType() == org.osgi.framework.BundleEvent.STOPPED && started.get()) {
                stoppedAgain.countDown();
            }
        };
        patchbay.bundleContext().addBundleListener(listener);
        try {
            bundle.start();
            assertTrue(stoppedAgain.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "not stopped again");
        } finally {
            patchbay.bundleContext().removeBundleListener(listener);
        }
    }

    @Test
    void theGateRegistersEntitlementsThatFollowTheSource() {
        openGate(WAIT);
        Entitlements offered = patchbay.service(Entitlements.class).current().orElseThrow();
        assertSame(gate.features(), offered, "code asking for Entitlements gets the gate's, ranked first");
        assertFalse(offered.enabled("reports"), "no source: nothing licensed");
        assertEquals(LicenseCode.FEATURE_MISSING, offered.status("reports").code());
        java.util.List<java.util.Map<String, io.patchbay.license.api.FeatureStatus>> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        offered.addListener(heard::add);
        registerSource();
        assertFalse(offered.enabled("reports"));
        source.enable("reports");
        assertTrue(offered.enabled("reports"));
        assertEquals(LicenseCode.VALID, offered.status("reports").code());
        source.disable("reports");
        assertEquals(LicenseCode.EXPIRED, offered.status("reports").code());
        assertEquals(java.util.List.of(LicenseCode.VALID, LicenseCode.EXPIRED),
                heard.stream().map(m -> m.get("reports").code()).toList(), "the source's changes, relayed");
        source.enable("reports");
        assertTrue(gate.features().enabled("reports"));
        assertFalse(gate.features().permits(reports(), java.util.Set.of("reports", "audit")), "every feature, not some");
        assertTrue(gate.features().permits(reports(), java.util.Set.of("reports")));
    }

    // ---- with the real license client: an imported token, a trial expiring, a copied data directory ----

    private static final Instant T0 = Instant.parse("2030-03-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());

    private LicenseClient client(Path dir, Machine machine) throws java.io.IOException {
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
        try (LicenseClient client = client(root.resolve("license"), new Machine("alpha"))) {
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
        try (LicenseClient original = client(alpha, new Machine("alpha"))) {
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
        try (LicenseClient copied = client(beta, new Machine("beta"))) {
            patchbay.bundleContext().registerService(Entitlements.class, copied.entitlements(), null);
            openGate(WAIT);
            assertEquals(LicenseCode.FINGERPRINT_MISMATCH, gate.features().status("reports").code());
            copied.tick();
            assertEquals(Bundle.INSTALLED, reports().getState(), "the copy runs no licensed bundle");
            assertFalse(patchbay.bundleContext().getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                    .resolveBundles(List.of(reports())));
        }
    }

    private void assertThrowsUnavailable() {
        try {
            report();
            throw new AssertionError("a call reached a stopped bundle");
        } catch (ServiceUnavailableException expected) {
            assertNotEquals(null, expected.getMessage());
        }
    }

    /** The gate's worker once it waits (in the drain); the bundle is still running then. */
    private static Thread awaitGateThreadWaiting() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("patchbay-license-gate") && thread.getState() == Thread.State.TIMED_WAITING
                        && List.of(thread.getStackTrace()).stream().anyMatch(f -> f.getMethodName().equals("drain"))) {
                    return thread;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the gate never started draining");
    }
}
