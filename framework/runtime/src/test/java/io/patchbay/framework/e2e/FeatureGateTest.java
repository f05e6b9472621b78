package io.patchbay.framework.e2e;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greet;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.spi.FeatureGate;
import io.patchbay.framework.spi.PatchbayHeaders;
import io.patchbay.framework.testapi.Licenses;
import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.testing.RuntimeFixture;
import io.patchbay.testsupport.TestJars;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The runtime's half of licensing: a bundle naming licensed features ({@code Patchbay-Feature}) neither resolves nor
 * starts unless a {@link FeatureGate} service permits them, on every path, and a bundle held back that way is no
 * reason to roll a swap back.
 */
class FeatureGateTest {
    private static final String REPORTS = "com.acme.reports";
    private static final String GATE = "com.acme.gate";

    @TempDir
    Path root;
    RuntimeFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture(root);
        Licenses.LICENSED.clear();
    }

    @AfterEach
    void tearDown() {
        Licenses.LICENSED.clear();
    }

    private static TestJars.Builder reports(String version) {
        return ActivatorBundles.activatorBundle(REPORTS, version).header(PatchbayHeaders.REQUIRED_FEATURES, "reports");
    }

    private static byte[] gateBundle(String version) {
        return ActivatorBundles.activatorBundle(GATE, version).header("Test-Feature-Gate", "yes").signedBy(PUBLISHER);
    }

    private static Bundle bundle(Patchbay patchbay, String symbolicName) {
        for (Bundle bundle : patchbay.bundleContext().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    @Test
    void withoutAGateAGatedBundleIsCommittedButNeitherResolvedNorStarted() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            SwapResult result = patchbay.apply(patch("reports", reports("1.0.0").signedBy(PUBLISHER)));

            assertTrue(result.committed(), String.valueOf(result.cause()));
            assertEquals(Set.of(REPORTS), result.held().keySet());
            assertTrue(result.held().get(REPORTS).contains("no feature gate is running"), result.held().toString());
            assertTrue(patchbay.patchLevel().bundle(REPORTS).isPresent(), "committed although held");
            Bundle reports = bundle(patchbay, REPORTS);
            assertEquals(Bundle.INSTALLED, reports.getState(), "not even resolved");
            assertThrows(BundleException.class, reports::start, "a start behind Patchbay's back cannot resolve it");
            assertEquals(Bundle.INSTALLED, reports.getState());
            assertEquals("hello v1, bob", greet(patchbay));
        }
    }

    @Test
    void aGatePermittingTheFeatureLetsItStartAndOneRefusingOrThrowingHoldsItBack() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            List<String> asked = new CopyOnWriteArrayList<>();
            ServiceRegistration<FeatureGate> denying = patchbay.bundleContext().registerService(FeatureGate.class,
                    (bundle, features) -> {
                        asked.add(bundle.getSymbolicName() + features);
                        return false;
                    }, null);
            SwapResult refused = patchbay.apply(patch("reports", reports("1.0.0").signedBy(PUBLISHER)));
            assertTrue(refused.committed(), String.valueOf(refused.cause()));
            assertEquals("feature(s) [reports] are not licensed", refused.held().get(REPORTS));
            assertTrue(asked.contains(REPORTS + "[reports]"), asked.toString());
            assertNotEquals(Bundle.ACTIVE, bundle(patchbay, REPORTS).getState());
            denying.unregister();

            ServiceRegistration<FeatureGate> broken = patchbay.bundleContext().registerService(FeatureGate.class,
                    (bundle, features) -> {
                        throw new IllegalStateException("license store unreadable");
                    }, null);
            SwapResult thrown = patchbay.apply(patch("reports 1.1", reports("1.1.0").signedBy(PUBLISHER)));
            assertTrue(thrown.committed(), String.valueOf(thrown.cause()));
            assertTrue(thrown.held().get(REPORTS).contains("license store unreadable"), thrown.held().toString());
            assertEquals(Bundle.INSTALLED, bundle(patchbay, REPORTS).getState());
            broken.unregister();

            patchbay.bundleContext().registerService(FeatureGate.class, (bundle, features) -> features.equals(Set.of("reports")), null);
            SwapResult permitted = patchbay.apply(patch("reports 1.2", reports("1.2.0").signedBy(PUBLISHER)));
            assertTrue(permitted.committed(), String.valueOf(permitted.cause()));
            assertEquals(java.util.Map.of(), permitted.held());
            assertEquals(Bundle.ACTIVE, bundle(patchbay, REPORTS).getState());
        }
    }

    @Test
    void aHeldBundleIsNoReasonToRollBackTheRestOfThePatch() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            SwapResult result = patchbay.apply(patch("greeter 2 and reports",
                    greeter("2.0.0", "hello v2").signedBy(PUBLISHER), reports("1.0.0").signedBy(PUBLISHER)));

            assertTrue(result.committed(), String.valueOf(result.cause()));
            assertEquals(Set.of(REPORTS), result.held().keySet());
            assertEquals("hello v2, bob", greet(patchbay));
            assertEquals("2.0.0", patchbay.patchLevel().bundle(RuntimeFixture.GREETER).orElseThrow().version());
        }
    }

    @Test
    void aRollbackRestoresAGatedBundleWithoutStartingItOnceItsFeatureIsNoLongerPermitted() throws Exception {
        Licenses.LICENSED.add("reports");
        try (Patchbay patchbay = fixture.builder().initialBundles(List.of(
                fixture.jarFile("gate-1.jar", gateBundle("1.0.0")),
                fixture.jarFile("reports-1.jar", reports("1.0.0").signedBy(PUBLISHER)),
                fixture.jarFile("greeter-1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER)))).start()) {
            assertEquals(Bundle.ACTIVE, bundle(patchbay, REPORTS).getState(), "licensed at start-up");
            Licenses.LICENSED.clear();

            SwapResult result = patchbay.apply(patch("reports 2 and a failing greeter",
                    reports("2.0.0").signedBy(PUBLISHER),
                    greeter("2.0.0", "hello v2").header("Test-Health", "fail").signedBy(PUBLISHER)));

            assertEquals(SwapResult.Outcome.ROLLED_BACK, result.outcome(), String.valueOf(result.cause()));
            assertTrue(result.cause().getMessage().contains("database unreachable"), result.cause().getMessage());
            Bundle reports = bundle(patchbay, REPORTS);
            assertEquals("1.0.0", reports.getVersion().toString());
            assertNotEquals(Bundle.ACTIVE, reports.getState(), "restored, but held: its feature is no longer licensed");
            assertEquals("hello v1, bob", greet(patchbay));
            assertTrue(patchbay.patchLevel().running());
        }
    }

    @Test
    void startUpStartsAGatedBundleOnlyWhileAGatePermitsIt() throws Exception {
        FeatureGate permitting = (bundle, features) -> true;
        List<Path> initial = List.of(fixture.jarFile("reports-1.jar", reports("1.0.0").signedBy(PUBLISHER)),
                fixture.jarFile("greeter-1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER)));
        try (Patchbay patchbay = fixture.builder().initialBundles(initial).start()) {
            assertEquals(Bundle.INSTALLED, bundle(patchbay, REPORTS).getState(), "initial bundles: no gate, held");
            assertEquals("hello v1, bob", greet(patchbay));
        }
        try (Patchbay patchbay = fixture.builder().hostService(FeatureGate.class, permitting).start()) {
            assertEquals(Bundle.ACTIVE, bundle(patchbay, REPORTS).getState(), "the host's gate permits it");
        }
        try (Patchbay patchbay = fixture.builder().start()) {
            assertNotEquals(Bundle.ACTIVE, bundle(patchbay, REPORTS).getState(),
                    "started persistently before, yet held when the next start has no gate");
            assertEquals("hello v1, bob", greet(patchbay));
        }
    }

    @Test
    void aSwapOfTheGateBundleLeavesRunningLicensedBundlesAlone() throws Exception {
        Licenses.LICENSED.add("reports");
        try (Patchbay patchbay = fixture.builder().initialBundles(List.of(
                fixture.jarFile("gate-1.jar", gateBundle("1.0.0")),
                fixture.jarFile("reports-1.jar", reports("1.0.0").signedBy(PUBLISHER)))).start()) {
            Bundle reports = bundle(patchbay, REPORTS);
            assertEquals(Bundle.ACTIVE, reports.getState());
            BundleRevision revision = reports.adapt(BundleRevision.class);
            List<String> events = new ArrayList<>();
            BundleListener listener = event -> {
                if (event.getBundle() == reports) {
                    events.add(String.valueOf(event.getType()));
                }
            };
            patchbay.bundleContext().addBundleListener(listener);

            SwapResult result = patchbay.apply(patch("gate 2", gateBundle("2.0.0")));

            patchbay.bundleContext().removeBundleListener(listener);
            assertTrue(result.committed(), String.valueOf(result.cause()));
            assertEquals("2.0.0", bundle(patchbay, GATE).getVersion().toString());
            assertEquals(Bundle.ACTIVE, reports.getState());
            assertSame(revision, reports.adapt(BundleRevision.class), "not refreshed");
            assertEquals(List.of(), events, "no stop, no refresh of the licensed bundle (" + BundleEvent.STOPPED + " = stopped)");
        }
    }

    @Test
    void aSignedGatedBundleInstalledBehindPatchbaysBackResolvesOnlyWhilePermitted() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            Bundle direct = patchbay.bundleContext().installBundle("test:direct-reports",
                    new ByteArrayInputStream(reports("1.0.0").signedBy(PUBLISHER)));
            FrameworkWiring wiring = patchbay.bundleContext().getBundle(0).adapt(FrameworkWiring.class);
            assertFalse(wiring.resolveBundles(List.of(direct)), "signed, but no gate permits it");
            assertThrows(BundleException.class, direct::start);

            patchbay.bundleContext().registerService(FeatureGate.class, (bundle, features) -> true, null);
            assertTrue(wiring.resolveBundles(List.of(direct)), "the same revision, once permitted");
            direct.start();
            assertEquals(Bundle.ACTIVE, direct.getState());
        }
    }

    @Test
    void aResolvedGatedBundleStartedByHandWithoutPermissionIsStoppedAgain() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            ServiceRegistration<FeatureGate> gate = patchbay.bundleContext().registerService(FeatureGate.class,
                    (bundle, features) -> true, null);
            assertTrue(patchbay.apply(patch("reports", reports("1.0.0").signedBy(PUBLISHER))).committed());
            Bundle reports = bundle(patchbay, REPORTS);
            assertEquals(Bundle.ACTIVE, reports.getState());
            reports.stop();
            gate.unregister();
            java.util.concurrent.CountDownLatch stoppedAgain = new java.util.concurrent.CountDownLatch(1);
            BundleListener listener = event -> {
                if (event.getBundle() == reports && event.getType() == BundleEvent.STOPPED) {
                    stoppedAgain.countDown();
                }
            };
            patchbay.bundleContext().addBundleListener(listener);

            reports.start();

            assertTrue(stoppedAgain.await(20, java.util.concurrent.TimeUnit.SECONDS), "the guard stopped it");
            patchbay.bundleContext().removeBundleListener(listener);
            assertNotEquals(Bundle.ACTIVE, reports.getState());
        }
    }

    /**
     * The guard's "no" can go stale before its stop lands (the gate permitted the bundle meanwhile and, seeing it
     * running, left it): the guard asks once more after its stop and undoes a stop the gate no longer backs.
     */
    @Test
    void aStopOfTheGuardThatTheGateNoLongerBacksIsUndone() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            java.util.concurrent.atomic.AtomicBoolean permitted = new java.util.concurrent.atomic.AtomicBoolean(true);
            patchbay.bundleContext().registerService(FeatureGate.class, (bundle, features) -> {
                boolean answer = permitted.get();
                if (!answer && Thread.currentThread().getName().equals("patchbay-feature-guard")) {
                    permitted.set(true); // licensed again right after the guard's last "no", before its stop
                }
                return answer;
            }, null);
            assertTrue(patchbay.apply(patch("reports", reports("1.0.0").signedBy(PUBLISHER))).committed());
            Bundle reports = bundle(patchbay, REPORTS);
            reports.stop();
            permitted.set(false);
            java.util.concurrent.CountDownLatch startedAgain = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
            BundleListener listener = event -> {
                if (event.getBundle() == reports && event.getType() == BundleEvent.STOPPED) {
                    stopped.set(true);
                } else if (event.getBundle() == reports && event.getType() == BundleEvent.STARTED && stopped.get()) {
                    startedAgain.countDown();
                }
            };
            patchbay.bundleContext().addBundleListener(listener);

            reports.start();

            assertTrue(startedAgain.await(20, java.util.concurrent.TimeUnit.SECONDS), "the guard's stop was undone");
            patchbay.bundleContext().removeBundleListener(listener);
            assertEquals(Bundle.ACTIVE, reports.getState());
        }
    }

    @Test
    void anEmptyFeatureHeaderStillGatesTheBundle() {
        assertEquals(Set.of(""), PatchbayHeaders.parseFeatures(" , "));
        assertEquals(List.of("reports", "audit"), List.copyOf(PatchbayHeaders.parseFeatures(" reports,audit ,reports")));
        assertEquals(Set.of(), PatchbayHeaders.parseFeatures(null));
    }
}
