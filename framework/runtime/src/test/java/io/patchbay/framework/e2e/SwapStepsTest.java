package io.patchbay.framework.e2e;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greet;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.swap.PatchIdentity;
import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.testing.RuntimeFixture;
import io.patchbay.testsupport.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a swap tells its listeners and its caller, step by step: the events in order with their details, the timings
 * (one per step that ran, none longer than the whole call), the journal's intent, and what the rollback restores,
 * keeps, uninstalls and restarts.
 */
class SwapStepsTest {
    @TempDir
    Path root;
    RuntimeFixture fixture;
    final List<SwapEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture(root);
    }

    private Patchbay start(Path... initial) {
        Patchbay patchbay = fixture.builder().initialBundles(List.of(initial)).start();
        patchbay.addListener(events::add);
        return patchbay;
    }

    private Path greeterV1() {
        return fixture.jarFile("g1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER));
    }

    @Test
    void aCommittedSwapReportsEveryStepInOrderWithItsTimings() {
        try (Patchbay patchbay = start(greeterV1())) {
            SwapResult result = timed(() -> patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER))));
            assertEquals(Outcome.COMMITTED, result.outcome());
            assertEquals(List.of("VERIFY STARTED", "VERIFY FINISHED", "STAGE STARTED", "STAGE FINISHED",
                    "JOURNAL STARTED", "JOURNAL FINISHED", "APPLY STARTED", "APPLY PROGRESS updated com.acme.greeter 2.0.0",
                    "APPLY FINISHED", "START STARTED", "START PROGRESS started com.acme.greeter 2.0.0", "START FINISHED",
                    "HEALTH STARTED", "HEALTH FINISHED", "COMMIT STARTED", "COMMIT FINISHED"), described());
            assertTimings(result, List.of(SwapStep.VERIFY, SwapStep.STAGE, SwapStep.JOURNAL, SwapStep.APPLY,
                    SwapStep.START, SwapStep.HEALTH, SwapStep.COMMIT));
            assertTrue(events.stream().allMatch(e -> e.transactionId().equals(result.transactionId())));
            assertEquals(RuntimeFixture.NOW, events.get(0).at(), "events carry the runtime's clock");
        }
    }

    @Test
    void aPatchRefusedAtVerifyReportsOnlyThatStepAndIsNamedByItsBytes() {
        try (Patchbay patchbay = start(greeterV1())) {
            byte[] unsigned = greeter("2.0.0", "hello v2").build();
            SwapResult result = timed(() -> patchbay.apply(patch("unsigned", unsigned)));
            assertEquals(Outcome.REJECTED, result.outcome());
            assertEquals(2, described().size());
            assertEquals("VERIFY STARTED", described().get(0));
            assertTrue(described().get(1).startsWith("VERIFY FAILED bundle unsigned.jar rejected (UNSIGNED_ENTRY)"),
                    described().get(1));
            assertTimings(result, List.of(SwapStep.VERIFY));
            SwapRecord record = patchbay.patches().history(1).get(0);
            assertEquals(PatchIdentity.of(List.of(Hashes.sha256Hex(unsigned))), record.patchId());
            assertEquals(List.of(), record.bundles());
            assertEquals(1, record.levelBefore());
            assertEquals(1, record.levelAfter());
        }
    }

    @Test
    void aRollbackRestoresUninstallsAndRestartsWithoutStartingTheOldVersionTwice() throws Exception {
        Path marker = root.resolve("starts.txt");
        Path v1 = fixture.jarFile("g1.jar", greeter("1.0.0", "hello v1").header("Test-Marker", marker.toString())
                .signedBy(PUBLISHER));
        try (Patchbay patchbay = start(v1)) {
            byte[] extra = ActivatorBundles.activatorBundle("com.acme.extra", "1.0.0").signedBy(PUBLISHER);
            byte[] unhealthy = greeter("2.0.0", "hello v2").header("Test-Health", "fail")
                    .header("Test-Marker", marker.toString()).signedBy(PUBLISHER);
            SwapResult result = timed(() -> patchbay.apply(patch("bad", extra, unhealthy)));
            assertEquals(Outcome.ROLLED_BACK, result.outcome());
            List<String> rollback = described().subList(described().indexOf("HEALTH FAILED " + result.cause().getMessage()) + 1,
                    described().size());
            assertEquals(List.of("ROLLBACK STARTED " + result.cause().getMessage(),
                    "ROLLBACK PROGRESS uninstalled com.acme.extra, which the level does not contain",
                    "ROLLBACK PROGRESS restored com.acme.greeter 1.0.0",
                    "ROLLBACK PROGRESS restarted com.acme.greeter 1.0.0",
                    "ROLLBACK FINISHED"), rollback);
            assertTimings(result, List.of(SwapStep.VERIFY, SwapStep.STAGE, SwapStep.JOURNAL, SwapStep.APPLY,
                    SwapStep.START, SwapStep.HEALTH, SwapStep.ROLLBACK));
            assertEquals(List.of("1.0.0", "2.0.0", "1.0.0"), Files.readAllLines(marker),
                    "the old version is started once, after its update, not also on the old wiring before the refresh");
            assertEquals("hello v1, bob", greet(patchbay));
            assertEquals(null, patchbay.bundleContext().getBundle("patchbay:com.acme.extra"));
            assertTrue(fixture.storeEntries().stream().noneMatch(e -> e.startsWith(Hashes.sha256Hex(unhealthy))
                    || e.startsWith(Hashes.sha256Hex(extra))), "the rolled-back bytes leave the store: " + fixture.storeEntries());
        }
    }

    @Test
    void bundlesAreAppliedInSymbolicNameOrderWhateverTheOrderOfThePatch() {
        try (Patchbay patchbay = start(greeterV1())) {
            byte[] zeta = ActivatorBundles.activatorBundle("com.acme.zeta", "1.0.0").signedBy(PUBLISHER);
            byte[] alpha = ActivatorBundles.activatorBundle("com.acme.alpha", "1.0.0").signedBy(PUBLISHER);
            byte[] v2 = greeter("2.0.0", "hello v2").signedBy(PUBLISHER);
            assertEquals(Outcome.COMMITTED, timed(() -> patchbay.apply(patch("three", zeta, v2, alpha))).outcome());
            assertEquals(List.of("APPLY PROGRESS installed com.acme.alpha 1.0.0", "APPLY PROGRESS updated com.acme.greeter 2.0.0",
                    "APPLY PROGRESS installed com.acme.zeta 1.0.0"),
                    described().stream().filter(d -> d.startsWith("APPLY PROGRESS")).toList());
        }
    }

    @Test
    void aRolledBackLibraryRewiresItsImportersToTheCommittedRevision() {
        Path lib = fixture.jarFile("lib1.jar", ActivatorBundles.libraryBundle("com.acme.lib", "1.0.0")
                .signedBy(PUBLISHER));
        Path importer = fixture.jarFile("g1.jar", greeter("1.0.0", "hello").header("Test-Greeting-Lib", "yes")
                .signedBy(PUBLISHER));
        try (Patchbay patchbay = start(lib, importer)) {
            assertEquals("hello/lib 1.0.0, bob", greet(patchbay));
            AtomicReference<String> duringSwap = new AtomicReference<>();
            patchbay.addListener(event -> {
                if (event.step() == SwapStep.HEALTH && event.phase() == SwapEvent.Phase.STARTED) {
                    duringSwap.set(greet(patchbay));
                }
            });
            SwapResult result = patchbay.apply(patch("lib v2", ActivatorBundles.libraryBundle("com.acme.lib", "2.0.0")
                    .header("Test-Health", "fail").signedBy(PUBLISHER)));
            assertEquals(Outcome.ROLLED_BACK, result.outcome());
            assertEquals("hello/lib 2.0.0, bob", duringSwap.get(), "the importer was rewired to the new library");
            assertEquals("hello/lib 1.0.0, bob", greet(patchbay), "and back to the committed one by the rollback");
        }
    }

    @Test
    void theIntentIsJournaledBeforeTheContainerIsTouched() {
        try (Patchbay patchbay = start(greeterV1())) {
            AtomicReference<JournalRecord.Intent> intent = new AtomicReference<>();
            AtomicReference<String> running = new AtomicReference<>();
            patchbay.addListener(event -> {
                if (event.step() == SwapStep.JOURNAL && event.phase() == SwapEvent.Phase.FINISHED) {
                    try (Journal journal = Journal.open(fixture.journal())) {
                        intent.set(journal.state().unfinished().orElseThrow());
                    }
                    running.set(patchbay.bundleContext().getBundle("patchbay:" + GREETER).getVersion().toString());
                }
            });
            SwapResult result = patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER)));
            assertEquals(Outcome.COMMITTED, result.outcome());
            assertEquals(result.transactionId(), intent.get().transactionId());
            assertEquals(List.of(GREETER + " 1.0.0"), names(intent.get().before()));
            assertEquals(List.of(GREETER + " 2.0.0"), names(intent.get().after()));
            assertEquals("1.0.0", running.get(), "nothing was applied yet");
        }
    }

    private static List<String> names(List<BundleRecord> records) {
        return records.stream().map(r -> r.symbolicName() + " " + r.version()).toList();
    }

    private List<String> described() {
        List<String> out = new ArrayList<>();
        for (SwapEvent e : events) {
            out.add(e.step() + " " + e.phase() + (e.detail() == null ? "" : " " + e.detail()));
        }
        return out;
    }

    private Duration elapsed;

    private SwapResult timed(java.util.function.Supplier<SwapResult> swap) {
        events.clear();
        long start = System.nanoTime();
        SwapResult result = swap.get();
        elapsed = Duration.ofNanos(System.nanoTime() - start);
        return result;
    }

    /** One timing per step that ran, in step order, each non-negative, together no longer than the call. */
    private void assertTimings(SwapResult result, List<SwapStep> steps) {
        assertEquals(steps, List.copyOf(result.timings().keySet()));
        Duration total = Duration.ZERO;
        for (Duration took : result.timings().values()) {
            assertTrue(!took.isNegative(), result.timings().toString());
            total = total.plus(took);
        }
        assertTrue(total.compareTo(elapsed) <= 0, "timings " + result.timings() + " add up to more than the " + elapsed
                + " the call took");
    }
}
