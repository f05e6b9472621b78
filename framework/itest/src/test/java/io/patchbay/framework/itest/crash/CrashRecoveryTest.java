package io.patchbay.framework.itest.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.patchbay.framework.api.SwapEvent.Phase;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.itest.support.TestBundles;
import io.patchbay.framework.itest.support.TestBundles.BundleId;
import io.patchbay.testsupport.ChildJvm;
import io.patchbay.testsupport.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kills a JVM running a swap at every step boundary and every unit of progress, then starts a fresh JVM
 * on the same data directory and checks what runs: exactly the old committed set, or exactly the new
 * one if (and only if) the commit record was written; never a mix, every bundle ACTIVE, and the patch
 * level in agreement with the running bundles and the greeting they give.
 *
 * <p>The kill points come from an uninterrupted run of the same patch, so every event the runtime
 * really emits is covered. The child blocks the swapping thread in a {@code SwapListener} at the kill
 * point and is then ended with SIGKILL: no shutdown hook, no finally block runs.
 */
class CrashRecoveryTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private static Path work;
    private static Expected oldSet;
    private static Expected newSet;

    @BeforeAll
    static void prepare() throws IOException {
        work = Files.createDirectories(Path.of(TestBundles.required("itest.work.dir"), "crash"));
        oldSet = Expected.of("old committed set", 1, "Hello, Ada lovelace (v1)",
                TestBundles.featureApi(), TestBundles.formatter(), TestBundles.greeter());
        newSet = Expected.of("new set", 2, "Hello, Ada Lovelace! Nice to see you (v2)",
                TestBundles.featureApi(), TestBundles.formatterUpdate(), TestBundles.greeterUpdate());
    }

    /** formatter 1.1.0 + greeter 1.1.0: a patch that commits when nothing interrupts it. */
    @TestFactory
    Stream<DynamicTest> killedDuringACommittingSwap() {
        Trace trace = trace("commit");
        assertTrue(trace.result().startsWith("COMMITTED"), "uninterrupted outcome: " + trace.result());
        for (SwapStep step : List.of(SwapStep.VERIFY, SwapStep.STAGE, SwapStep.JOURNAL, SwapStep.APPLY,
                SwapStep.START, SwapStep.HEALTH, SwapStep.COMMIT)) {
            assertTrue(trace.events().contains(KillPoint.of(step, Phase.FINISHED, 1)),
                    step + " FINISHED is emitted; events: " + trace.events());
        }
        assertTrue(count(trace, SwapStep.APPLY, Phase.PROGRESS) >= 2,
                "APPLY reports progress for each of the patch's two bundles; events: " + trace.events());
        assertTrue(count(trace, SwapStep.START, Phase.PROGRESS) >= 1,
                "START reports progress; events: " + trace.events());

        KillPoint committed = KillPoint.of(SwapStep.COMMIT, Phase.FINISHED, 1);
        List<KillPoint> killPoints = trace.events().stream()
                .filter(p -> p.is(Phase.FINISHED)
                        || p.is(Phase.PROGRESS) && (p.step() == SwapStep.APPLY || p.step() == SwapStep.START))
                .toList();
        return Stream.concat(
                Stream.of(dynamicTest("uninterrupted: the new set runs", () -> {
                    assertRuns(trace.after(), newSet);
                    assertHistory(trace.after(), List.of("COMMITTED"));
                })),
                killPoints.stream().map(point -> dynamicTest("killed at " + point,
                        () -> killAndRecover("commit", point, point.equals(committed) ? newSet : oldSet,
                                // before its intent is journaled a swap has not happened; after it, the journal's
                                // commit decides, whether or not the history record was written before the kill
                                point.step().compareTo(SwapStep.JOURNAL) < 0 ? List.of()
                                        : List.of(point.equals(committed) ? "COMMITTED" : "CRASHED")))));
    }

    /** formatter 1.1.0 + greeter 1.2.0: the greeter's health check fails, so both bundles roll back. */
    @TestFactory
    Stream<DynamicTest> killedDuringARollbackAfterAFailedHealthCheck() {
        return rollbackScenarios("health-fails", SwapStep.HEALTH);
    }

    /** formatter 1.1.0 + greeter 1.3.0: the greeter's activator throws, so both bundles roll back. */
    @TestFactory
    Stream<DynamicTest> killedDuringARollbackAfterAFailedStart() {
        return rollbackScenarios("start-fails", SwapStep.START);
    }

    /**
     * Kill points from the failure on: everything before it was covered by the committing swap. Whatever
     * the moment, the old set must run afterwards.
     */
    private static Stream<DynamicTest> rollbackScenarios(String patch, SwapStep failingStep) {
        Trace trace = trace(patch);
        assertTrue(trace.result().startsWith("ROLLED_BACK"), "uninterrupted outcome: " + trace.result());
        int failure = trace.events().indexOf(KillPoint.of(failingStep, Phase.FAILED, 1));
        assertTrue(failure >= 0, failingStep + " FAILED is emitted; events: " + trace.events());
        assertTrue(trace.events().contains(KillPoint.of(SwapStep.ROLLBACK, Phase.FINISHED, 1)),
                "ROLLBACK FINISHED is emitted; events: " + trace.events());
        assertTrue(trace.events().stream().filter(KillPoint::isBundleEvent).count() >= 2,
                "the rollback restores both bundles one after the other, so it has a middle to be killed in;"
                        + " events: " + trace.events());

        List<KillPoint> killPoints = trace.events().subList(failure, trace.events().size());
        KillPoint rolledBack = KillPoint.of(SwapStep.ROLLBACK, Phase.FINISHED, 1);
        return Stream.concat(
                Stream.of(dynamicTest("uninterrupted: the old set runs again", () -> {
                    assertRuns(trace.after(), oldSet);
                    assertHistory(trace.after(), List.of("ROLLED_BACK"));
                })),
                killPoints.stream().map(point -> dynamicTest("killed at " + point,
                        () -> killAndRecover(patch, point, oldSet,
                                // the rollback's journal record is its last act before ROLLBACK FINISHED
                                List.of(point.equals(rolledBack) ? "ROLLED_BACK" : "CRASHED")))));
    }

    /**
     * @param history the outcomes the swap history must show after the restart: the killed swap exactly once, as
     *                the journal tells it, even when the kill came between the journal's record and the history's
     */
    private static void killAndRecover(String patch, KillPoint point, Expected expected, List<String> history)
            throws IOException {
        Path dataDirectory = Files.createTempDirectory(work, patch + "-" + point.step() + "-" + point.event() + "-");
        try (ChildJvm child = CrashChild.start(dataDirectory.resolveSibling(dataDirectory.getFileName() + "-apply.log"),
                "apply", dataDirectory.toString(), patch, point.format())) {
            child.awaitLine(line -> line.equals("KILL-POINT " + point.format()),
                    line -> line.startsWith("RESULT") || line.startsWith("KILL-POINT-NOT-REACHED"), CHILD_TIMEOUT);
            int status = child.kill(KILL_TIMEOUT);
            assertEquals(ChildJvm.KILLED_BY_SIGKILL, status, "the child " + child.pid() + " died of SIGKILL");
        }
        RunningState state = report(dataDirectory);
        assertRuns(state, expected);
        assertHistory(state, history);
        deleteRecursively(dataDirectory);
    }

    /** Runs the patch to its end in a child JVM, recording its events, then reports on a fresh JVM. */
    private static Trace trace(String patch) {
        try {
            Path dataDirectory = Files.createTempDirectory(work, patch + "-uninterrupted-");
            List<String> output;
            try (ChildJvm child = CrashChild.start(dataDirectory.resolveSibling(dataDirectory.getFileName() + "-apply.log"),
                    "apply", dataDirectory.toString(), patch)) {
                output = child.awaitExit(0, CHILD_TIMEOUT);
            }
            List<KillPoint> events = output.stream().filter(line -> line.startsWith("EVENT "))
                    .map(line -> KillPoint.parse(line.substring("EVENT ".length()))).toList();
            String result = output.stream().filter(line -> line.startsWith("RESULT ")).findFirst()
                    .map(line -> line.substring("RESULT ".length())).orElseThrow(
                            () -> new AssertionError("no RESULT line: " + output));
            // Shown in the surefire report: which events the runtime emits, hence which kill points ran.
            System.out.println("uninterrupted '" + patch + "' swap: " + result + "; events " + events);
            return new Trace(events, result, report(dataDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RunningState report(Path dataDirectory) {
        try (ChildJvm child = CrashChild.start(dataDirectory.resolveSibling(dataDirectory.getFileName() + "-report.log"),
                "report", dataDirectory.toString())) {
            return RunningState.parse(child.awaitExit(0, CHILD_TIMEOUT));
        }
    }

    private static void assertRuns(RunningState state, Expected expected) {
        String context = "expected the " + expected.name() + ", found " + state;
        Map<String, String> running = new TreeMap<>();
        for (RunningState.RunningBundle bundle : state.bundles()) {
            assertEquals("ACTIVE", bundle.state(), bundle.id() + " is ACTIVE; " + context);
            String previous = running.put(bundle.id().symbolicName(), bundle.id().version());
            assertEquals(null, previous, "two versions of " + bundle.id().symbolicName() + " installed; " + context);
        }
        assertEquals(expected.versions(), running, "running bundles; " + context);

        Map<String, String> committed = new TreeMap<>();
        for (RunningState.LevelBundle record : state.level()) {
            committed.put(record.id().symbolicName(), record.id().version());
            assertTrue(record.sha256().equalsIgnoreCase(expected.sha256().get(record.id().symbolicName())),
                    record.id() + " is committed with the sha256 of its jar; " + context);
        }
        assertEquals(running, committed, "the patch level agrees with the running bundles; " + context);
        assertEquals(expected.sequence(), state.levelSequence(), "patch level sequence; " + context);
        assertEquals(expected.greeting(), state.greeting(), "the Greeter service answers; " + context);
    }

    private static void assertHistory(RunningState state, List<String> outcomes) {
        assertEquals(outcomes, state.history().stream().map(RunningState.HistoryLine::outcome).toList(),
                "swap history; found " + state);
    }

    private static long count(Trace trace, SwapStep step, Phase phase) {
        return trace.events().stream().filter(p -> p.step() == step && p.is(phase)).count();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** An uninterrupted swap: the events it emitted, its outcome, and what ran after a restart. */
    private record Trace(List<KillPoint> events, String result, RunningState after) {
    }

    /** A bundle set the container may run after a crash, with what the patch level must say of it. */
    private record Expected(String name, Map<String, String> versions, Map<String, String> sha256, long sequence,
                            String greeting) {

        static Expected of(String name, long sequence, String greeting, Path... jars) {
            Map<String, String> versions = new TreeMap<>();
            Map<String, String> hashes = new HashMap<>();
            for (Path jar : jars) {
                BundleId id = TestBundles.bundleId(jar);
                versions.put(id.symbolicName(), id.version());
                hashes.put(id.symbolicName(), Hashes.sha256Hex(jar));
            }
            assertFalse(versions.isEmpty());
            return new Expected(name, versions, hashes, sequence, greeting);
        }
    }
}
