package io.patchbay.framework.impl.history;

import static io.patchbay.framework.impl.history.Records.PATCH_A;
import static io.patchbay.framework.impl.history.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.store.CrcLines;
import io.patchbay.framework.impl.store.SimulatedDisk;
import io.patchbay.framework.testing.ManualExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records of outcomes the journal holds: visible at once, written in the background in sequence order, and
 * rebuilt from the journal's ended swaps at start-up exactly when a crash lost them.
 */
class SwapHistoryJournaledTest {
    private static final Path FILE = Path.of("/data/history.log");

    private final SimulatedDisk disk = new SimulatedDisk();
    private final ManualExecutor later = new ManualExecutor();

    private SwapHistory open(int capacity) {
        return SwapHistory.open(FILE, capacity, disk, later);
    }

    private List<SwapRecord> reopened(SimulatedDisk image) {
        try (SwapHistory h = SwapHistory.open(FILE, 1000, image, later)) {
            return h.newest(Integer.MAX_VALUE);
        }
    }

    private static SwapRecord committed(String tx) {
        return record(tx, Outcome.COMMITTED, PATCH_A);
    }

    private static SwapRecord rejected(String tx) {
        return record(tx, Outcome.REJECTED, PATCH_A);
    }

    private static List<String> ids(List<SwapRecord> records) {
        return records.stream().map(SwapRecord::transactionId).toList();
    }

    private static List<Long> sequences(List<SwapRecord> records) {
        return records.stream().map(SwapRecord::sequence).toList();
    }

    @Test
    void aJournaledRecordIsVisibleAtOnceAndDurableOnceTheBackgroundWriteRan() {
        try (SwapHistory history = open(1000)) {
            SwapRecord stored = history.appendJournaled(committed("tx1"));
            assertEquals(1, stored.sequence());
            assertEquals(List.of(stored), history.newest(10));
            assertEquals(1, later.queued(), "one background write is scheduled");
            assertEquals(List.of(), reopened(disk.copy()), "not in the file before the write ran");
            history.appendJournaled(committed("tx2"));
            assertEquals(1, later.queued(), "a write already scheduled takes the second record too");
            later.runAll();
            assertEquals(List.of("tx1", "tx2"), ids(reopened(disk.copy())));
            for (SimulatedDisk image : disk.images()) {
                assertEquals(List.of("tx1", "tx2"), ids(reopened(image)), "each line was fsynced");
            }
        }
    }

    @Test
    void onlyOutcomesTheJournalHoldsMayWaitForTheBackground() {
        try (SwapHistory history = open(1000)) {
            for (Outcome outcome : List.of(Outcome.REJECTED, Outcome.ROLLBACK_FAILED)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> history.appendJournaled(record("tx", outcome, PATCH_A)));
                assertEquals("the journal does not hold " + outcome + " outcomes; append it", e.getMessage());
            }
            for (Outcome outcome : List.of(Outcome.COMMITTED, Outcome.ROLLED_BACK, Outcome.CRASHED)) {
                history.appendJournaled(record("tx-" + outcome, outcome, PATCH_A));
            }
            assertEquals(3, history.lastSequence());
            assertTrue(history.crashedBefore(PATCH_A), "reads see records not yet written");
        }
    }

    @Test
    void aDurableWriteFirstWritesWhatIsUnwrittenInOrder() {
        try (SwapHistory history = open(1000)) {
            history.appendJournaled(committed("tx1"));
            history.append(rejected("tx2"));
            assertEquals(List.of("tx1", "tx2"), ids(reopened(disk.copy())));
            history.appendJournaled(committed("tx3"));
            history.acknowledge(3);
            try (SwapHistory reopened = SwapHistory.open(FILE, 1000, disk.copy(), later)) {
                assertEquals(List.of(1L, 2L, 3L), sequences(reopened.newest(10)));
                assertEquals(3, reopened.acknowledged(), "an acknowledged record is durable before its acknowledgement");
            }
            history.appendJournaled(committed("tx4"));
            history.flush();
            assertEquals(List.of("tx1", "tx2", "tx3", "tx4"), ids(reopened(disk.copy())));
            later.runAll();
            assertEquals(4, reopened(disk.copy()).size(), "the background write finds nothing left to write");
        }
    }

    @Test
    void closingWritesWhatIsUnwritten() {
        try (SwapHistory history = open(1000)) {
            history.appendJournaled(committed("tx1"));
        }
        assertEquals(List.of("tx1"), ids(reopened(disk.copy())));
        later.runAll(); // after close: does nothing
        assertEquals(1, reopened(disk.copy()).size());
    }

    @Test
    void aFailedBackgroundWriteIsRetriedByTheNextWrite() {
        try (SwapHistory history = open(1000)) {
            history.appendJournaled(committed("tx1"));
            disk.failOn(SimulatedDisk.Call.WRITE, new IOException("ENOSPC"));
            later.runAll();
            assertEquals(List.of(), reopened(disk.copy()));
            assertEquals(List.of("tx1"), ids(history.newest(10)), "still visible");
            history.appendJournaled(committed("tx2"));
            later.runAll();
            assertEquals(List.of("tx1", "tx2"), ids(reopened(disk.copy())));
        }
    }

    @Test
    void aDurableAppendThatCannotWriteTheUnwrittenIsNotStored() {
        try (SwapHistory history = open(1000)) {
            history.appendJournaled(committed("tx1"));
            disk.failOn(SimulatedDisk.Call.WRITE, new IOException("ENOSPC"));
            assertThrows(StoreException.class, () -> history.append(rejected("tx2")));
            assertEquals(List.of("tx1"), ids(history.newest(10)));
            history.append(rejected("tx3"));
            assertEquals(List.of(1L, 2L), sequences(reopened(disk.copy())));
            assertEquals(List.of("tx1", "tx3"), ids(reopened(disk.copy())));
        }
    }

    @Test
    void aRewriteTheBoundForcesTakesTheUnwrittenRecords() {
        try (SwapHistory history = open(4)) {
            for (int i = 1; i <= 5; i++) {
                history.appendJournaled(committed("tx" + i));
            }
            assertEquals(List.of("tx3", "tx4", "tx5"), ids(reopened(disk.copy())), "the fifth rewrote the file");
            later.runAll();
            assertEquals(List.of("tx3", "tx4", "tx5"), ids(reopened(disk.copy())), "written once");
        }
    }

    @Test
    void theByteLimitCountsTheLinesNotYetWritten() {
        long line = OrderedLog.lineBytes(HistoryCodec.record(StoredForm.of(committed("tx1")).withSequence(1)));
        // room for five records, not six (a record may take at most a quarter of the limit)
        long max = OrderedLog.lineBytes(HistoryCodec.header(1, 0, 0)) + 5 * line + line / 2;
        try (SwapHistory history = SwapHistory.open(FILE, 1000, disk, max, later)) {
            for (int i = 1; i <= 6; i++) {
                history.appendJournaled(committed("tx" + i));
            }
            later.runAll();
            assertTrue(history.fileBytes() <= max, "the sixth rewrote the file instead of passing the limit");
            assertEquals(ids(history.newest(10)), ids(reopened(disk.copy())), "and every record kept is in the file");
            assertEquals("tx6", history.newest(1).get(0).transactionId());
        }
    }

    // ---- backfill: what the start-up rebuilds from the journal ----

    private static List<SwapRecord> ended(String... ids) {
        List<SwapRecord> ended = new ArrayList<>();
        for (String id : ids) {
            ended.add(committed(id));
        }
        return ended;
    }

    @Test
    void backfillAddsTheSwapsAfterTheNewestJournaledRecordInJournalOrder() {
        try (SwapHistory history = open(1000)) {
            history.append(committed("tx1"));
            history.append(rejected("r1"));
            List<SwapRecord> added = history.backfill(ended("tx0", "tx1", "tx2", "tx3"));
            assertEquals(List.of("tx2", "tx3"), ids(added));
            assertEquals(List.of(3L, 4L), sequences(added));
        }
        assertEquals(List.of("tx1", "r1", "tx2", "tx3"), ids(reopened(disk.copy())), "durable on return");
    }

    @Test
    void backfillAddsNothingTheHistoryHas() {
        try (SwapHistory history = open(1000)) {
            history.appendJournaled(committed("tx1"));
            history.appendJournaled(committed("tx2"));
            history.append(rejected("r1"));
            assertEquals(List.of(), history.backfill(ended("tx1", "tx2")));
            assertEquals(List.of(), history.backfill(List.of()));
            assertEquals(3, history.lastSequence());
        }
    }

    @Test
    void backfillAddsEverySwapWhenTheHistoryHasNoneOfTheJournals() {
        try (SwapHistory history = open(1000)) {
            assertEquals(List.of("tx1", "tx2"), ids(history.backfill(ended("tx1", "tx2"))));
        }
        try (SwapHistory history = SwapHistory.open(FILE, 1000, disk, later)) {
            history.append(committed("old"));
            // the journal was compacted after "old": what it holds came later
            assertEquals(List.of("tx3"), ids(history.backfill(ended("tx3"))));
        }
    }

    @Test
    void aJournaledRecordTheBoundDroppedIsNotAddedAgain() {
        try (SwapHistory history = open(2)) {
            history.append(committed("tx1"));
            for (int i = 0; i < 6; i++) {
                history.append(rejected("r" + i));
            }
            assertTrue(ids(history.newest(10)).stream().noneMatch("tx1"::equals), "setup: tx1 was dropped");
        }
        try (SwapHistory history = SwapHistory.open(FILE, 2, disk, later)) {
            assertEquals(List.of(), history.backfill(ended("tx0", "tx1")), "the header remembers tx1");
            assertEquals(List.of("tx2"), ids(history.backfill(ended("tx0", "tx1", "tx2"))));
        }
    }

    @Test
    void aHistoryOfTheFirstFormatThatDroppedRecordsIsNotBackfilledOnAGuess() throws Exception {
        String file = CrcLines.frame(HistoryCodec.legacyHeader(5, 0, 4))
                + CrcLines.frame(HistoryCodec.record(rejected("r5").withSequence(5)));
        writeRaw(file);
        try (SwapHistory history = open(1000)) {
            assertEquals(List.of(), history.backfill(ended("tx1")), "tx1 may be among the dropped");
            history.append(committed("tx6"));
            assertEquals(List.of("tx7"), ids(history.backfill(ended("tx1", "tx6", "tx7"))), "known again");
        }
    }

    @Test
    void aHistoryOfTheFirstFormatThatDroppedNothingIsBackfilled() throws Exception {
        writeRaw(CrcLines.frame(HistoryCodec.legacyHeader(1, 0, 0))
                + CrcLines.frame(HistoryCodec.record(rejected("r1").withSequence(1))));
        try (SwapHistory history = open(1000)) {
            assertEquals(List.of("tx1"), ids(history.backfill(ended("tx1"))));
        }
    }

    private void writeRaw(String content) throws IOException {
        disk.createDirectories(FILE.getParent());
        try (var handle = disk.open(FILE)) {
            handle.write(0, content.getBytes(StandardCharsets.UTF_8));
            handle.force();
        }
        disk.syncDirectory(FILE.getParent());
    }
}
