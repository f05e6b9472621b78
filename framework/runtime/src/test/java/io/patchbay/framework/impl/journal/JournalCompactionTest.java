package io.patchbay.framework.impl.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compaction: when it runs, what it keeps, and that a reopened journal has the state it had. */
class JournalCompactionTest extends JournalFixture {
    @Test
    void compactionBoundsTheJournalAndKeepsTheState() throws Exception {
        try (Journal journal = Journal.open(file())) {
            for (int i = 1; i <= 3 * Journal.COMPACT_AFTER; i++) {
                journal.append(new JournalRecord.Intent("tx" + i, T0, "p", List.of(), List.of(record("a", i + ".0.0"))));
                journal.append(journal.nextCommit("tx" + i, T0.plusSeconds(i), List.of(record("a", i + ".0.0"))));
                journal.compactIfNeeded(() -> { });
                assertTrue(journal.recordCount() <= Journal.COMPACT_AFTER + 1);
            }
        }
        assertTrue(Files.readAllLines(file()).size() <= Journal.COMPACT_AFTER + 1);
        try (Journal journal = Journal.open(file())) {
            JournalState state = journal.state();
            int last = 3 * Journal.COMPACT_AFTER;
            assertEquals(last, state.level().sequence());
            assertEquals(record("a", last + ".0.0"), state.level().bundles().get(0));
            assertEquals(List.of(record("a", (last - 1) + ".0.0")), state.previous());
            assertEquals(T0.plusSeconds(last), state.level().committedAt());
            assertEquals("tx" + last, state.lastCommitTransaction());
        }
    }

    @Test
    void theRecordsSinceCompactionAreReplayedAndKept() {
        JournalRecord.Intent intent = new JournalRecord.Intent("tx1", T0, "p", List.of(), List.of(record("a", "1.0.0")));
        JournalRecord.RolledBack end = new JournalRecord.RolledBack("tx1", T0, false, "health");
        try (Journal journal = Journal.open(file())) {
            journal.append(intent);
            journal.append(end);
            assertEquals(List.of(intent, end), journal.records());
        }
        try (Journal journal = Journal.open(file())) {
            assertEquals(List.of(intent, end), journal.records(), "replayed in order");
            for (int i = 0; i <= Journal.COMPACT_AFTER; i++) {
                journal.append(journal.nextCommit("tx" + i, T0, List.of(record("a", i + ".0.0"))));
            }
            journal.compactIfNeeded(() -> { });
            assertEquals(List.of(new JournalRecord.Commit("tx" + Journal.COMPACT_AFTER, T0, Journal.COMPACT_AFTER + 1,
                    List.of(record("a", Journal.COMPACT_AFTER + ".0.0")),
                    List.of(record("a", (Journal.COMPACT_AFTER - 1) + ".0.0")))), journal.records(),
                    "after compaction: the checkpoint only");
        }
    }

    @Test
    void compactionRunsItsHookFirstAndOnlyWhenDue() throws Exception {
        try (Journal journal = Journal.open(file())) {
            int[] runs = {0};
            for (int i = 1; i <= Journal.COMPACT_AFTER; i++) {
                journal.append(journal.nextCommit("tx" + i, T0, List.of(record("a", i + ".0.0"))));
            }
            journal.compactIfNeeded(() -> runs[0]++);
            assertEquals(0, runs[0], "not due: the hook does not run");
            journal.append(journal.nextCommit("tx", T0, List.of(record("a", "x"))));
            long lines = Files.readAllLines(file()).size();
            assertThrows(IllegalStateException.class, () -> journal.compactIfNeeded(() -> {
                throw new IllegalStateException("the history cannot be made durable");
            }));
            assertEquals(lines, Files.readAllLines(file()).size(), "a failing hook leaves the journal as it was");
            assertEquals(Journal.COMPACT_AFTER + 1, journal.recordCount());
            journal.compactIfNeeded(() -> runs[0]++);
            assertEquals(1, runs[0]);
            assertEquals(1, journal.recordCount());
        }
    }

    @Test
    void compactionWaitsWhileASwapIsOpen() {
        try (Journal journal = Journal.open(file())) {
            for (int i = 0; i <= Journal.COMPACT_AFTER; i++) {
                journal.append(new JournalRecord.RolledBack("tx" + i, T0));
            }
            journal.append(new JournalRecord.Intent("open", T0, "p", List.of(), List.of(record("a", "1.0.0"))));
            int before = journal.recordCount();
            journal.compactIfNeeded(() -> { });
            assertEquals(before, journal.recordCount());
        }
    }

    @Test
    void aJournalReopenedStraightAfterCompactionHasTheSameState() throws Exception {
        JournalState before;
        try (Journal journal = Journal.open(file())) {
            journal.append(journal.nextCommit("tx0", T0, List.of(record("a", "0.0.0"), record("b", "1.0.0"))));
            for (int i = 1; i <= Journal.COMPACT_AFTER; i++) {
                journal.append(journal.nextCommit("tx" + i, T0.plusSeconds(i), List.of(record("a", i + ".0.0"))));
            }
            before = journal.state();
            journal.compactIfNeeded(() -> { });
            assertEquals(1, journal.recordCount());
            assertEquals(before, journal.state());
        }
        assertEquals(1, Files.readAllLines(file()).size());
        try (Journal journal = Journal.open(file())) {
            assertEquals(before, journal.state());
            assertEquals(1, journal.recordCount());
            assertEquals(List.of(record("a", "63.0.0")), journal.state().previous());
        }
    }

    @Test
    void compactionRunsOnlyAboveTheThreshold() {
        try (Journal journal = Journal.open(file())) {
            for (int i = 1; i <= Journal.COMPACT_AFTER; i++) {
                journal.append(journal.nextCommit("tx" + i, T0, List.of(record("a", i + ".0.0"))));
            }
            journal.compactIfNeeded(() -> { });
            assertEquals(Journal.COMPACT_AFTER, journal.recordCount(), "exactly the threshold is not above it");
            journal.append(journal.nextCommit("tx", T0, List.of(record("a", "x"))));
            journal.compactIfNeeded(() -> { });
            assertEquals(1, journal.recordCount());
        }
    }

    @Test
    void aJournalOfOnlyRollbacksCompactsToEmpty() throws Exception {
        try (Journal journal = Journal.open(file())) {
            for (int i = 0; i <= Journal.COMPACT_AFTER; i++) {
                journal.append(new JournalRecord.RolledBack("tx" + i, T0));
            }
            journal.compactIfNeeded(() -> { });
            assertEquals(0, journal.recordCount());
        }
        assertEquals(0, Files.size(file()));
        try (Journal journal = Journal.open(file())) {
            assertEquals(JournalState.empty(), journal.state());
        }
    }
}
