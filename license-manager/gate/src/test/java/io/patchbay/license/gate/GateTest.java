package io.patchbay.license.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.ServiceUnavailableException;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.gate.testapi.Reports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The gate on a real embedded runtime: it permits gated bundles from the license entitlements, starts them live when
 * their feature is enabled, stops them live (after the calls in flight drain) when it is disabled, and a gate that
 * stops or a source that goes away never stops a running licensed bundle.
 */
class GateTest extends GateFixture {

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

        // The new gate starts it (still licensed) and the disable may race that start (GateRaceTest replays it).
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

    private void assertThrowsUnavailable() {
        try {
            report();
            throw new AssertionError("a call reached a stopped bundle");
        } catch (ServiceUnavailableException expected) {
            assertNotEquals(null, expected.getMessage());
        }
    }

    /** The gate's worker once it waits (in the drain); the bundle is still running then. */
}
