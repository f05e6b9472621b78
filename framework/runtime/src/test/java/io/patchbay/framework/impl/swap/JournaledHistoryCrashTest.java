package io.patchbay.framework.impl.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.history.SwapHistory;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.store.CrashPoints;
import io.patchbay.framework.impl.store.SimulatedDisk;
import io.patchbay.framework.testing.ManualExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The journal and the swap history on one disk that loses what was not fsynced: power cut between a swap's journal
 * end (commit or rollback) and its history record, at every other point of the swap's end, and after the history's
 * background write. After each cut the next start (replay, then backfill) finds in the history every swap the
 * journal says ended, exactly once and in journal order, and no swap the journal does not hold.
 */
class JournaledHistoryCrashTest {
    private static final Path JOURNAL = Path.of("/data/journal.log");
    private static final Path HISTORY = Path.of("/data/history.log");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static BundleRecord bundle(String version) {
        return new BundleRecord("com.acme.a", version, io.patchbay.framework.impl.store.Sha256.hex(version.getBytes()));
    }

    /** What the engine does at a swap's end: the journal's end record, then the history record in the background. */
    private static void commit(Journal journal, SwapHistory history, String tx, String version) {
        JournalRecord.Intent intent = intent(journal, tx, version);
        PatchLevel before = journal.state().level();
        journal.append(journal.nextCommit(tx, T0, intent.after()));
        history.appendJournaled(new SwapRecord(0, tx, intent.label(), JournaledSwapsTest.patchId(intent), intent.after(),
                Outcome.COMMITTED, T0, before.sequence(), journal.state().level().sequence(), null,
                Map.of(SwapStep.COMMIT, Duration.ofMillis(1))));
    }

    private static void rollBack(Journal journal, SwapHistory history, String tx, String version) {
        JournalRecord.Intent intent = intent(journal, tx, version);
        JournalRecord.RolledBack end = new JournalRecord.RolledBack(tx, T0, false, "health check failed");
        journal.append(end);
        history.appendJournaled(JournaledSwaps.record(intent, end, journal.state().level()));
    }

    private static JournalRecord.Intent intent(Journal journal, String tx, String version) {
        List<BundleRecord> before = journal.state().level().bundles();
        JournalRecord.Intent intent = new JournalRecord.Intent(tx, T0, "patch " + tx, before, List.of(bundle(version)));
        journal.append(intent);
        return intent;
    }

    /** The disk before the swaps under test: an initial level, one committed swap and one refused patch. */
    private static SimulatedDisk base() {
        SimulatedDisk disk = new SimulatedDisk();
        ManualExecutor later = new ManualExecutor();
        try (Journal journal = Journal.open(JOURNAL, disk);
             SwapHistory history = SwapHistory.open(HISTORY, 1000, disk, later)) {
            journal.append(journal.nextCommit("initial-1", T0, List.of(bundle("1.0.0"))));
            commit(journal, history, "tx0", "2.0.0");
            later.runAll();
            history.append(new SwapRecord(0, "r0", "unsigned", "", List.of(), Outcome.REJECTED, T0, 2, 2, "unsigned",
                    Map.of()));
        }
        return disk;
    }

    /** The next start: the history as the journal's backfill leaves it, checked against the journal. */
    private static List<SwapRecord> startAndCheck(SimulatedDisk image) {
        List<SwapRecord> ended;
        try (Journal journal = Journal.open(JOURNAL, image)) {
            ended = JournaledSwaps.ended(journal.records());
        }
        List<SwapRecord> records;
        try (SwapHistory history = SwapHistory.open(HISTORY, 1000, image, new ManualExecutor())) {
            history.backfill(ended);
            records = history.newest(Integer.MAX_VALUE);
        }
        List<String> journaled = new ArrayList<>();
        for (SwapRecord r : records) {
            if (r.outcome() != Outcome.REJECTED) {
                journaled.add(r.transactionId() + " " + r.outcome());
            }
        }
        List<String> expected = ended.stream().map(r -> r.transactionId() + " " + r.outcome()).toList();
        assertEquals(expected, journaled, "every ended swap exactly once, in journal order, and nothing else");
        assertEquals(1, records.stream().filter(r -> r.transactionId().equals("r0")).count(), "r0 once");
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).sequence());
        }
        try (SwapHistory again = SwapHistory.open(HISTORY, 1000, image, new ManualExecutor())) {
            assertEquals(List.of(), again.backfill(ended), "a second start adds nothing");
        }
        return records;
    }

    @Test
    void aPowerCutBetweenTheJournalCommitAndTheHistoryWriteLosesNoSwap() {
        SimulatedDisk disk = base();
        ManualExecutor later = new ManualExecutor();
        try (Journal journal = Journal.open(JOURNAL, disk)) {
            SwapHistory history = SwapHistory.open(HISTORY, 1000, disk, later);
            commit(journal, history, "tx1", "3.0.0");
            assertEquals(1, later.queued(), "the history record waits for the background");
            // the power goes off here: the journal's commit is durable, the history's line was never written
            for (SimulatedDisk image : disk.images()) {
                List<SwapRecord> records = startAndCheck(image);
                SwapRecord rebuilt = records.get(records.size() - 1);
                assertEquals("tx1", rebuilt.transactionId());
                assertEquals(Outcome.COMMITTED, rebuilt.outcome());
                assertEquals("patch tx1", rebuilt.label());
                assertEquals(List.of(bundle("3.0.0")), rebuilt.bundles());
                assertEquals(2, rebuilt.levelBefore());
                assertEquals(3, rebuilt.levelAfter());
                assertEquals(Map.of(), rebuilt.timings(), "timings are not journaled");
                assertEquals(3, rebuilt.sequence(), "the sequence it had before the cut (after tx0 and r0)");
            }
        }
    }

    @Test
    void aPowerCutBetweenTheJournalRollbackAndTheHistoryWriteLosesNoSwap() {
        SimulatedDisk disk = base();
        try (Journal journal = Journal.open(JOURNAL, disk)) {
            SwapHistory history = SwapHistory.open(HISTORY, 1000, disk, new ManualExecutor());
            rollBack(journal, history, "tx1", "3.0.0");
            for (SimulatedDisk image : disk.images()) {
                List<SwapRecord> records = startAndCheck(image);
                SwapRecord rebuilt = records.get(records.size() - 1);
                assertEquals("tx1", rebuilt.transactionId());
                assertEquals(Outcome.ROLLED_BACK, rebuilt.outcome());
                assertEquals("health check failed", rebuilt.cause());
                assertEquals(2, rebuilt.levelBefore());
                assertEquals(2, rebuilt.levelAfter());
            }
        }
    }

    @Test
    void aPowerCutAtAnyPointOfSwapEndsAndBackgroundWritesLosesOrRepeatsNoSwap() throws Exception {
        SimulatedDisk base = base();
        Supplier<SimulatedDisk> setup = base::copy;
        int images = CrashPoints.everyCrashPoint(setup, disk -> {
            ManualExecutor later = new ManualExecutor();
            try (Journal journal = Journal.open(JOURNAL, disk)) {
                SwapHistory history = SwapHistory.open(HISTORY, 1000, disk, later);
                commit(journal, history, "tx1", "3.0.0");
                later.runAll();
                rollBack(journal, history, "tx2", "4.0.0");
                commit(journal, history, "tx3", "4.0.0");
                history.append(new SwapRecord(0, "r1", "unsigned", "", List.of(), Outcome.REJECTED, T0, 3, 3, "x",
                        Map.of()));
                commit(journal, history, "tx4", "5.0.0");
                // not closed: the last record's background write never runs
            }
        }, (image, returned) -> {
            List<SwapRecord> records = startAndCheck(image);
            if (returned) {
                assertEquals(List.of("tx0", "r0", "tx1", "tx2", "tx3", "r1", "tx4"),
                        records.stream().map(SwapRecord::transactionId).toList());
            }
        });
        assertTrue(images > 20, "checked " + images + " disk images");
    }
}
