package io.patchbay.license.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.license.gate.impl.Gate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * License decisions racing the gate's own start of a bundle, replayed step by step. The gate (re)opens with the
 * feature enabled and starts the bundle; the feature is disabled while that start runs, so the framework's guard sees
 * the bundle started without a license and stops it (transiently) on its own thread. The gate's reconciliations for
 * the later decisions run while that stop is under way (the bundle STOPPING). Whatever the interleaving, the bundle
 * must end as the last decision says: disabled is what a plain disable leaves (stopped and unresolved, INSTALLED),
 * enabled is ACTIVE.
 */
class GateRaceTest extends GateFixture {
    private static final String GUARD_THREAD = "patchbay-feature-guard";

    private SteppedWorker worker;
    private StateHold gateStart;
    private StateHold guardStop;

    /** Opens the gate with the feature enabled and stops there: the gate's start of the bundle is held in STARTING. */
    private void openGateAndHoldItsStart() throws InterruptedException {
        registerSource();
        source.enable("reports");
        worker = new SteppedWorker(WAIT);
        gateStart = new StateHold(patchbay.bundleContext(), reports(), BundleEvent.STARTING,
                StateHold.named(Gate.THREAD_NAME), WAIT);
        gate = new Gate(patchbay.bundleContext(), WAIT, worker);
        gate.open();
        gateStart.awaitReached();
    }

    /** The guard's coming stop is to be held in STOPPING, and the gate's later tasks held until it is. */
    private void holdTheGuardsStopAndTheGateUntilThen() {
        guardStop = new StateHold(patchbay.bundleContext(), reports(), BundleEvent.STOPPING,
                StateHold.named(GUARD_THREAD), WAIT);
        worker.holdTasksUntil(guardStop.reached);
    }

    /** Lets the gate's start finish: the guard then stops the now unlicensed bundle and is held while STOPPING. */
    private void releaseTheGatesStartAndLetTheGuardStopIt() throws InterruptedException {
        gateStart.release();
        guardStop.awaitReached();
        assertEquals(Bundle.STOPPING, reports().getState());
    }

    /** Waits until the gate has applied every decision made so far, all of them while the guard's stop ran. */
    private void awaitTheGateCaughtUp(CountDownLatch idle) throws InterruptedException {
        assertTrue(idle.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the gate's worker never caught up");
        assertEquals(Bundle.STOPPING, reports().getState(), "the gate decided while the guard's stop ran");
    }

    @Test
    void aDisableRacingTheGatesOwnStartLeavesTheBundleDisabled() throws Exception {
        try {
            openGateAndHoldItsStart();
            holdTheGuardsStopAndTheGateUntilThen();
            source.disable("reports");
            releaseTheGatesStartAndLetTheGuardStopIt();
            CountDownLatch idle = worker.caughtUp();
            awaitTheGateCaughtUp(idle);

            expectState(Bundle.INSTALLED, guardStop::release);
        } finally {
            closeHolds();
        }
        assertDisabledAsAPlainDisableLeavesIt();
        expectState(Bundle.ACTIVE, () -> source.enable("reports"));
        assertEquals("report 1.0.0 for q3", report());
    }

    @Test
    void anEnableAfterADisableRacingTheGatesOwnStartLeavesTheBundleRunning() throws Exception {
        try {
            openGateAndHoldItsStart();
            holdTheGuardsStopAndTheGateUntilThen();
            source.disable("reports");
            releaseTheGatesStartAndLetTheGuardStopIt();
            source.enable("reports");
            CountDownLatch idle = worker.caughtUp();
            awaitTheGateCaughtUp(idle);

            expectState(Bundle.ACTIVE, guardStop::release);
        } finally {
            closeHolds();
        }
        assertEquals("report 1.0.0 for q3", report());
        expectState(Bundle.INSTALLED, () -> source.disable("reports"));
        assertDisabledAsAPlainDisableLeavesIt();
    }

    /**
     * The guard asks before it stops: here it was asked while the feature was disabled, and acts on that answer only
     * after the gate has stopped the bundle for that disable and started it again for a later enable. The stale stop
     * must not have the last word.
     */
    @Test
    void aStaleStopOfTheGuardDoesNotOutliveALaterEnable() throws Exception {
        CountDownLatch guardAsked = new CountDownLatch(1);
        CountDownLatch guardGoesOn = new CountDownLatch(1);
        StateHold guardStopped = null;
        try {
            openGateAndHoldItsStart();
            source.disable("reports");
            source.onNextQueryFrom(GUARD_THREAD, () -> {
                guardAsked.countDown();
                awaitQuietly(guardGoesOn);
            });
            gateStart.release();
            assertTrue(guardAsked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the guard never asked");
            expectState(Bundle.INSTALLED, () -> { });
            expectState(Bundle.ACTIVE, () -> source.enable("reports"));
            assertTrue(worker.caughtUp().await(WAIT.toMillis(), TimeUnit.MILLISECONDS));

            guardStopped = new StateHold(patchbay.bundleContext(), reports(), BundleEvent.STOPPED,
                    StateHold.named(GUARD_THREAD), WAIT);
            guardStopped.release();
            guardGoesOn.countDown();
            guardStopped.awaitReached();
            expectState(Bundle.ACTIVE, () -> { });
        } finally {
            guardGoesOn.countDown();
            if (guardStopped != null) {
                guardStopped.close();
            }
            closeHolds();
        }
        assertEquals("report 1.0.0 for q3", report());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeHolds() {
        if (gateStart != null) {
            gateStart.close();
        }
        if (guardStop != null) {
            guardStop.close();
        }
        if (worker != null) {
            worker.holdTasksUntil(null);
        }
    }

    /** Stopped and unresolved: nobody can resolve it, and a plain start fails, as after an uncontended disable. */
    private void assertDisabledAsAPlainDisableLeavesIt() {
        assertEquals(Bundle.INSTALLED, reports().getState());
        assertFalse(reports().adapt(BundleStartLevel.class).isPersistentlyStarted(), "its stop is persistent");
        assertFalse(patchbay.bundleContext().getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(reports())),
                "nobody can resolve it");
        assertThrows(BundleException.class, () -> reports().start(), "a plain start cannot run it");
        assertEquals(Bundle.INSTALLED, reports().getState());
    }
}
