package io.patchbay.framework.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.ServiceUnavailableException;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.itest.support.TestBundles;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.EntitlementsListener;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.sample.feature.api.Reports;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleListener;

/**
 * The license gate bundle in a real container, with the build-signed licensed sample (reports, which names the
 * feature "reports"): held without a license, started live once the license enables the feature, stopped live when
 * it is disabled, and the stop waits for a host call in flight through the service access point to complete.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class LicenseGateInContainerTest extends PatchbayInContainer {
    private static final String REPORTS = "io.patchbay.sample.reports";
    private static final long WAIT_MS = 20_000;

    @Configuration
    @Override
    public Option[] configuration() {
        return ContainerOptions.withLicenseGate();
    }

    /** The license state as the engine reports it: the test activates a feature and lets it expire. */
    private static final class License implements Entitlements {
        private final Map<String, FeatureStatus> statuses = new ConcurrentHashMap<>();
        private final List<EntitlementsListener> listeners = new CopyOnWriteArrayList<>();

        void set(String feature, boolean on) {
            FeatureStatus status = new FeatureStatus(feature, on ? LicenseCode.VALID : LicenseCode.EXPIRED, null, false);
            statuses.put(feature, status);
            listeners.forEach(l -> l.changed(Map.of(feature, status)));
        }

        @Override
        public boolean enabled(String feature) {
            FeatureStatus status = statuses.get(feature);
            return status != null && status.enabled();
        }

        @Override
        public FeatureStatus status(String feature) {
            return statuses.getOrDefault(feature, FeatureStatus.missing(feature));
        }

        @Override
        public Map<String, FeatureStatus> snapshot() {
            return Map.copyOf(statuses);
        }

        @Override
        public void addListener(EntitlementsListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(EntitlementsListener listener) {
            listeners.remove(listener);
        }
    }

    @Test
    public void aGatedBundleIsHeldWithoutALicenseAndStartsLiveOnceActivated() throws Exception {
        License license = new License();
        context.registerService(Entitlements.class, license, null);

        SwapResult result = patchbay.apply(Patch.of(TestBundles.reportsLicensed()));

        assertTrue(SwapResults.describe(result), result.committed());
        assertEquals(SwapResults.describe(result), Set.of(REPORTS), result.held().keySet());
        Bundle reports = installed(REPORTS);
        assertEquals("not licensed: not even resolved", Bundle.INSTALLED, reports.getState());
        try {
            reports.start();
            fail("an unlicensed bundle started");
        } catch (org.osgi.framework.BundleException expected) {
            assertEquals(Bundle.INSTALLED, reports.getState());
        }

        expectState(reports, Bundle.ACTIVE, () -> license.set("reports", true));
        assertEquals("Report on sales (v1.0.0)", reportThroughPatchbay("sales"));
        assertTrue("the gate's Entitlements service says so too",
                patchbay.service(Entitlements.class).call(e -> e.enabled("reports")));
        assertEquals("the rest runs on", V1_WITH_FORMATTER_V1, greetThroughPatchbay());
    }

    @Test
    public void disablingTheFeatureStopsTheBundleLiveAfterTheCallInFlightCompletes() throws Exception {
        License license = new License();
        license.set("reports", true);
        context.registerService(Entitlements.class, license, null);
        SwapResult result = patchbay.apply(Patch.of(TestBundles.reportsLicensed()));
        assertTrue(SwapResults.describe(result), result.committed());
        assertEquals("licensed: nothing held", Set.of(), result.held().keySet());
        Bundle reports = installed(REPORTS);
        assertEquals(Bundle.ACTIVE, reports.getState());

        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() ->
                patchbay.service(Reports.class).call(service -> {
                    inside.countDown();
                    await(release);
                    return service.report("the quarter");
                }));
        assertTrue("the call began", inside.await(WAIT_MS, TimeUnit.MILLISECONDS));

        license.set("reports", false);
        awaitGateDraining();
        assertEquals("still running while a call is in flight", Bundle.ACTIVE, reports.getState());
        assertFalse(inFlight.isDone());

        expectState(reports, Bundle.INSTALLED, release::countDown);
        assertEquals("the call in flight completed against the running bundle", "Report on the quarter (v1.0.0)",
                inFlight.get(WAIT_MS, TimeUnit.MILLISECONDS));
        try {
            reportThroughPatchbay("after");
            fail("a call reached the disabled feature");
        } catch (ServiceUnavailableException expected) {
            assertNotEquals(null, expected.getMessage());
        }
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughPatchbay());
    }

    private String reportThroughPatchbay(String subject) {
        return patchbay.service(Reports.class).call(service -> service.report(subject));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code action} and waits (bounded) for {@code bundle} to reach {@code state}. */
    private void expectState(Bundle bundle, int state, Runnable action) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        BundleListener listener = event -> {
            if (event.getBundle() == bundle && bundle.getState() == state) {
                reached.countDown();
            }
        };
        context.addBundleListener(listener);
        try {
            action.run();
            if (bundle.getState() != state) {
                assertTrue(bundle.getSymbolicName() + " did not reach state " + state + " (is " + bundle.getState() + ")",
                        reached.await(WAIT_MS, TimeUnit.MILLISECONDS));
            }
        } finally {
            context.removeBundleListener(listener);
        }
    }

    /** Until the gate's worker waits in the call drain (the stop is pending, the bundle still running). */
    private static void awaitGateDraining() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("patchbay-license-gate") && thread.getState() == Thread.State.TIMED_WAITING
                        && List.of(thread.getStackTrace()).stream().anyMatch(f -> f.getMethodName().equals("drain"))) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the gate never began draining");
    }
}
