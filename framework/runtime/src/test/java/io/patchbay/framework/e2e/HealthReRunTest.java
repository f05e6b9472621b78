package io.patchbay.framework.e2e;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.NOW;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.HealthReport;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.testapi.Hang;
import io.patchbay.framework.testapi.HealthSwitch;
import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

/**
 * {@link PatchService#health()}: the health checks re-run after the gate, as an agent's heartbeat does during a
 * rollout's soak, bounded like the gate, and never during a swap.
 */
class HealthReRunTest {
    static final String OTHER = "io.patchbay.test.other";

    @TempDir
    Path root;
    RuntimeFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture(root);
        HealthSwitch.MODE.set("ok");
    }

    @AfterEach
    void release() {
        HealthSwitch.MODE.set("ok");
        Hang.releaseAll();
    }

    /** Greeter 2.0.0 with the switchable check, and another bundle with a check that always passes. */
    private SwapResult commitSwitchable(Patchbay patchbay) {
        return patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").header("Test-Health", "switch")
                .signedBy(PUBLISHER), ActivatorBundles.activatorBundle(OTHER, "1.0.0").header("Test-Health", "ok")
                .signedBy(PUBLISHER)));
    }

    @Test
    void afterACommitHealthRunsEveryRegisteredCheckAgainAndReportsOneThatTurnsUnhealthyLater() {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            assertTrue(commitSwitchable(patchbay).committed());
            PatchService inContainer = patchbay.bundleContext().getService(
                    patchbay.bundleContext().getServiceReference(PatchService.class));

            HealthReport healthy = inContainer.health().orElseThrow();
            assertTrue(healthy.healthy(), healthy.toString());
            assertEquals(2, healthy.checked());
            assertEquals(NOW, healthy.checkedAt());

            HealthSwitch.MODE.set("fail");
            HealthReport sick = inContainer.health().orElseThrow();
            assertFalse(sick.healthy());
            assertEquals(2, sick.checked());
            assertEquals(List.of(new HealthReport.Failure(GREETER, "reports unhealthy: database unreachable")),
                    sick.failing());

            HealthSwitch.MODE.set("throw");
            HealthReport threw = inContainer.health().orElseThrow();
            assertEquals(GREETER, threw.failing().get(0).name());
            assertTrue(threw.failing().get(0).message().contains("health check exploded"), threw.toString());

            HealthSwitch.MODE.set("ok");
            assertTrue(inContainer.health().orElseThrow().healthy(), "healthy again once the check is");
        }
    }

    @Test
    void aHangingCheckFailsWithinTheTimeoutAndAStuckOneCostsOneThreadNotOnePerRun() throws Exception {
        try (Patchbay patchbay = fixture.builder().healthTimeout(Duration.ofMillis(300)).initialBundles(List.of(
                fixture.jarFile("g1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER)))).start()) {
            assertTrue(commitSwitchable(patchbay).committed());

            HealthSwitch.MODE.set("hang"); // answers to the interrupt of the timeout
            long start = System.nanoTime();
            HealthReport hung = patchbay.patches().health().orElseThrow();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
            assertEquals(List.of(new HealthReport.Failure(GREETER, "did not answer within PT0.3S")), hung.failing());

            Hang.forgetEntries();
            HealthSwitch.MODE.set("stuck"); // ignores the interrupt: its thread stays
            HealthReport stuck = patchbay.patches().health().orElseThrow();
            assertTrue(Hang.awaitEntry(Duration.ofSeconds(10)));
            assertEquals(List.of(new HealthReport.Failure(GREETER, "did not answer within PT0.3S")), stuck.failing());
            int entered = Hang.entered();
            HealthReport again = patchbay.patches().health().orElseThrow();
            assertEquals(List.of(new HealthReport.Failure(GREETER, "has not returned from its previous run")),
                    again.failing());
            assertEquals(entered, Hang.entered(), "the stuck check was not started a second time");
            assertEquals(2, again.checked());
        }
    }

    @Test
    void healthDoesNotRunWhileASwapRunsNorAfterTheRuntimeStopped() throws Exception {
        Patchbay patchbay = fixture.startWithGreeterV1();
        try {
            Hang.forgetEntries();
            CompletableFuture<SwapResult> swap = patchbay.patches().submit(patch("v2", greeter("2.0.0", "hello v2")
                    .header("Test-Start", "hang").signedBy(PUBLISHER))).toCompletableFuture();
            assertTrue(Hang.awaitEntry(Duration.ofSeconds(30)), "the swap is starting its bundle");
            assertTrue(patchbay.patches().health().isEmpty(), "no run while the swap holds the runtime");
            Hang.releaseAll();
            assertTrue(swap.get(60, TimeUnit.SECONDS).committed());
            assertTrue(patchbay.patches().health().orElseThrow().healthy());
        } finally {
            patchbay.close();
        }
        assertTrue(patchbay.patches().health().isEmpty(), "a stopped runtime runs nothing");
    }

    @Test
    void noRegisteredCheckIsHealthy() {
        try (Patchbay patchbay = fixture.builder().initialBundles(List.of(fixture.jarFile("g1.jar",
                ActivatorBundles.activatorBundle(GREETER, "1.0.0").signedBy(PUBLISHER)))).start()) {
            HealthReport report = patchbay.patches().health().orElseThrow();
            assertTrue(report.healthy());
            assertEquals(0, report.checked());
        }
    }
}
