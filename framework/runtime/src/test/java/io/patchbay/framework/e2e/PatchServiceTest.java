package io.patchbay.framework.e2e;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.testapi.Greeter;
import io.patchbay.framework.testapi.Reports;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

/** The runtime as a service: what the in-container agent will drive. */
class PatchServiceTest {
    @TempDir
    Path root;
    RuntimeFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture(root);
    }

    @Test
    void bundlesFindThePatchServiceInTheContainerAndItIsTheHostsToo() {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            ServiceReference<PatchService> ref = patchbay.bundleContext().getServiceReference(PatchService.class);
            assertNotNull(ref, "registered in the container");
            assertTrue(patchbay.bundleContext().getService(ref) == patchbay.patches());
            assertEquals(1, patchbay.patches().patchLevel().sequence());
        }
    }

    @Test
    void aBundleCanSubmitAPatchThatReplacesItself() throws Exception {
        Reports.QUEUE.clear();
        Path v2 = fixture.jarFile("g2.jar", greeter("2.0.0", "hello v2").signedBy(PUBLISHER));
        byte[] selfUpdating = greeter("1.5.0", "hello v1.5").header("Test-Submit", v2.toString()).signedBy(PUBLISHER);
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            // 1.5.0 starts inside this swap and submits 2.0.0, which replaces the very bundle that submitted it
            assertTrue(patchbay.apply(patch("self-updating", selfUpdating)).committed());
            assertEquals("SUBMITTED COMMITTED", Reports.QUEUE.poll(30, TimeUnit.SECONDS));
            assertEquals("2.0.0", patchbay.patchLevel().bundle(GREETER).orElseThrow().version());
            assertEquals("hello v2, bob", patchbay.service(Greeter.class).call(g -> g.greet("bob")));
        }
    }

    @Test
    void submitRunsOnTheRuntimesThreadAndTheHistoryRecordsEveryOutcomeUntilAcknowledged() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            PatchService patches = patchbay.patches();
            SwapResult committed = patches.submit(patch("v2", greeter("2.0.0", "v2").signedBy(PUBLISHER)))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            SwapResult rolledBack = patches.submit(patch("bad", greeter("3.0.0", "v3").header("Test-Health", "fail")
                    .signedBy(PUBLISHER))).toCompletableFuture().get(30, TimeUnit.SECONDS);
            SwapResult rejected = patches.submit(patch("unsigned", greeter("4.0.0", "v4").build()))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(Outcome.COMMITTED, Outcome.ROLLED_BACK, Outcome.REJECTED),
                    List.of(committed.outcome(), rolledBack.outcome(), rejected.outcome()));

            List<SwapRecord> pending = patches.unacknowledged(10);
            assertEquals(List.of(Outcome.COMMITTED, Outcome.ROLLED_BACK, Outcome.REJECTED),
                    pending.stream().map(SwapRecord::outcome).toList());
            SwapRecord first = pending.get(0);
            assertEquals(committed.transactionId(), first.transactionId());
            assertEquals("v2", first.label());
            assertEquals(1, first.levelBefore());
            assertEquals(2, first.levelAfter());
            assertNull(first.cause());
            assertTrue(first.timings().containsKey(SwapStep.COMMIT));
            assertEquals(List.of("2.0.0"), first.bundles().stream().map(b -> b.version()).toList());
            assertTrue(pending.get(1).cause().contains("database unreachable"), pending.get(1).cause());
            assertTrue(pending.get(2).cause().contains("UNSIGNED_ENTRY"), pending.get(2).cause());

            patches.acknowledge(pending.get(1).sequence());
            assertEquals(List.of(pending.get(2)), patches.unacknowledged(10));
            patches.acknowledge(pending.get(0).sequence()); // an older acknowledgement changes nothing
            assertEquals(List.of(pending.get(2)), patches.unacknowledged(10));
            assertEquals(3, patches.history(10).size());
        }
        try (Patchbay restarted = fixture.builder().start()) {
            PatchService patches = restarted.patches();
            assertEquals(3, patches.history(10).size(), "the history survives a restart");
            assertEquals(List.of(Outcome.REJECTED), patches.unacknowledged(10).stream().map(SwapRecord::outcome).toList(),
                    "so do the acknowledgements");
        }
    }
}
