package io.patchbay.framework.impl.history;

import static io.patchbay.framework.impl.history.Records.PATCH_A;
import static io.patchbay.framework.impl.history.Records.PATCH_B;
import static io.patchbay.framework.impl.history.Records.T0;
import static io.patchbay.framework.impl.history.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.store.CrcLines;
import io.patchbay.framework.impl.store.FileLayer;
import io.patchbay.framework.impl.store.SimulatedDisk;
import io.patchbay.framework.impl.store.SimulatedDisk.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwapHistoryTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("history.log");
    }

    @Test
    void everyFieldRoundTripsAcrossARestart() {
        SwapRecord full = new SwapRecord(77, "0c6e-tx", "release 7\twith\nbreaks \u00e9 100%", PATCH_A,
                List.of(new BundleRecord("com.acme.a", "1.0.0", PATCH_A), new BundleRecord("com.acme.b", "2.0.0.q", PATCH_B)),
                Outcome.ROLLBACK_FAILED, Instant.ofEpochSecond(-5, 1), 12, 12, "cause\r\nline 2\ttab",
                Map.of(SwapStep.ROLLBACK, Duration.ofNanos(-1), SwapStep.APPLY, Duration.ofSeconds(3, 999_999_999)));
        SwapRecord refused = new SwapRecord(0, "tx2", "", "", List.of(), Outcome.REJECTED, T0, 0, 0, "", Map.of());
        SwapRecord committed = record("tx3", Outcome.COMMITTED, PATCH_B);
        List<SwapRecord> stored = new ArrayList<>();
        try (SwapHistory history = SwapHistory.open(file())) {
            stored.add(history.append(full));
            stored.add(history.append(refused));
            stored.add(history.append(committed));
            assertEquals(stored, history.newest(10));
        }
        assertEquals(full.withSequence(1), stored.get(0), "the sequence is assigned; all else is kept");
        assertEquals(refused.withSequence(2), stored.get(1));
        assertNull(stored.get(2).cause());
        assertEquals(List.of(SwapStep.VERIFY, SwapStep.HEALTH, SwapStep.COMMIT), List.copyOf(stored.get(2).timings().keySet()));
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(stored, history.newest(10));
            assertEquals(List.of(SwapStep.VERIFY, SwapStep.HEALTH, SwapStep.COMMIT),
                    List.copyOf(history.newest(1).get(0).timings().keySet()), "step order after reading back");
            assertEquals("", history.newest(3).get(1).cause(), "an empty cause is not a null one");
            assertEquals(3, history.lastSequence());
            assertEquals(4, history.append(record(4)).sequence(), "sequences go on after a restart");
        }
    }

    @Test
    void readsTakeTheNewestOrTheUnacknowledgedOldestFirst() {
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(List.of(), history.newest(5));
            assertEquals(0, history.lastSequence());
            for (int i = 1; i <= 5; i++) {
                history.append(record(i));
            }
            assertEquals(List.of(4L, 5L), sequences(history.newest(2)));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(history.newest(50)));
            assertEquals(List.of(), history.newest(0));
            assertEquals(List.of(1L, 2L), sequences(history.unacknowledged(2)));
            history.acknowledge(3);
            assertEquals(List.of(4L, 5L), sequences(history.unacknowledged(10)));
            assertEquals(List.of(4L), sequences(history.unacknowledged(1)));
            assertEquals(List.of(), history.unacknowledged(0));
            assertEquals(List.of(4L, 5L), sequences(history.unacknowledged(Integer.MAX_VALUE)));
            assertThrows(IllegalArgumentException.class, () -> history.newest(-1));
            assertThrows(IllegalArgumentException.class, () -> history.unacknowledged(-1));
        }
    }

    @Test
    void acknowledgementsAreDurableIdempotentAndBounded() {
        try (SwapHistory history = SwapHistory.open(file())) {
            for (int i = 1; i <= 4; i++) {
                history.append(record(i));
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.acknowledge(5));
            assertEquals("cannot acknowledge record 5: the newest is 4", e.getMessage());
            history.acknowledge(2);
            history.acknowledge(2);
            history.acknowledge(1);
            history.acknowledge(-7);
            assertEquals(2, history.acknowledged());
        }
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(2, history.acknowledged(), "the watermark survived the restart");
            assertEquals(List.of(3L, 4L), sequences(history.unacknowledged(10)));
            history.acknowledge(4);
            assertEquals(List.of(), history.unacknowledged(10));
        }
    }

    @Test
    void theHotPathIsOneAppendAndOneFsync() {
        SimulatedDisk disk = new SimulatedDisk();
        try (SwapHistory history = SwapHistory.open(Path.of("/d/history.log"), 8, disk)) {
            int forces = disk.calls(Call.FORCE);
            int moves = disk.calls(Call.MOVE);
            for (int i = 1; i <= 8; i++) {
                history.append(record(i));
                assertEquals(forces + i, disk.calls(Call.FORCE), "one fsync per append");
            }
            history.acknowledge(3);
            assertEquals(forces + 9, disk.calls(Call.FORCE), "one fsync per acknowledgement");
            assertEquals(moves, disk.calls(Call.MOVE), "up to the capacity, nothing is rewritten");
            history.append(record(9));
            assertEquals(moves + 1, disk.calls(Call.MOVE), "one past the capacity rewrites once");
        }
    }

    @Test
    void theCapacityBoundsRecordsAndCountsTheUnacknowledgedItDrops() {
        try (SwapHistory history = SwapHistory.open(file(), 4, FileLayer.system())) {
            for (int i = 1; i <= 4; i++) {
                history.append(record(i));
            }
            history.acknowledge(1);
            history.append(record(5));
            // over capacity: the newest three (4 - 4/4) are kept; 1 was acknowledged, 2 was not
            assertEquals(List.of(3L, 4L, 5L), sequences(history.newest(10)));
            assertEquals(1, history.droppedUnacknowledged());
            for (int i = 6; i <= 20; i++) {
                history.append(record(i));
                assertTrue(history.newest(100).size() <= 4);
            }
            assertEquals(20, history.newest(1).get(0).sequence());
        }
        try (SwapHistory history = SwapHistory.open(file(), 4, FileLayer.system())) {
            assertEquals(15, history.droppedUnacknowledged(), "2..16 were dropped unacknowledged, durably");
            assertEquals(List.of(17L, 18L, 19L, 20L), sequences(history.newest(10)));
            assertEquals(List.of(17L, 18L, 19L, 20L), sequences(history.unacknowledged(10)));
            assertEquals(1, history.acknowledged());
            history.acknowledge(18);
            assertEquals(21, history.append(record(21)).sequence());
            assertEquals(15, history.droppedUnacknowledged(), "17 and 18 were acknowledged: not counted");
            assertEquals(List.of(19L, 20L, 21L), sequences(history.newest(10)));
        }
    }

    @Test
    void aCapacityOfOneKeepsTheNewestRecord() {
        try (SwapHistory history = SwapHistory.open(file(), 1, FileLayer.system())) {
            history.append(record(1));
            history.append(record(2));
            assertEquals(List.of(2L), sequences(history.newest(10)));
            assertEquals(1, history.droppedUnacknowledged());
        }
    }

    @Test
    void aSmallerCapacityAtOpenTakesEffectAtTheNextAppend() {
        try (SwapHistory history = SwapHistory.open(file(), 10, FileLayer.system())) {
            for (int i = 1; i <= 10; i++) {
                history.append(record(i));
            }
        }
        try (SwapHistory history = SwapHistory.open(file(), 4, FileLayer.system())) {
            assertEquals(10, history.newest(100).size(), "nothing is dropped at open");
            history.append(record(11));
            assertEquals(List.of(9L, 10L, 11L), sequences(history.newest(100)));
            assertEquals(8, history.droppedUnacknowledged());
        }
    }

    @Test
    void theByteLimitBoundsTheFileToo() throws Exception {
        long max = 16 * 1024;
        String cause = "x".repeat(3000);
        try (SwapHistory history = SwapHistory.open(file(), 1000, FileLayer.system(), max)) {
            for (int i = 1; i <= 40; i++) {
                SwapRecord r = record(i);
                history.append(new SwapRecord(0, r.transactionId(), r.label(), r.patchId(), r.bundles(),
                        Outcome.ROLLED_BACK, r.at(), 1, 1, cause, r.timings()));
                assertTrue(Files.size(file()) <= max, "file " + Files.size(file()));
            }
            int kept = history.newest(1000).size();
            assertTrue(kept < 40 && kept > 1, "kept " + kept);
            assertEquals(40 - kept, history.droppedUnacknowledged());
            history.acknowledge(40);
            for (int i = 0; i < 1000; i++) {
                history.acknowledge(40);
            }
            assertTrue(Files.size(file()) <= max);
        }
        try (SwapHistory history = SwapHistory.open(file(), 1000, FileLayer.system(), max)) {
            assertEquals(40, history.acknowledged());
        }
    }

    @Test
    void acknowledgementsThatWouldOverflowTheFileRewriteIt() throws Exception {
        long max = 4 * 1024;
        try (SwapHistory history = SwapHistory.open(file(), 1000, FileLayer.system(), max)) {
            // small records, so that acknowledging each of them adds more than the room a record needs
            SwapRecord small = new SwapRecord(0, "t", "", "", List.of(), Outcome.REJECTED, T0, 0, 0, null, Map.of());
            long line = CrcLines.frame(HistoryCodec.record(small.withSequence(100))).length();
            int n = 0;
            while (Files.size(file()) + line <= max) {
                history.append(small);
                n++;
            }
            assertEquals(0, history.droppedUnacknowledged());
            for (int i = 1; i <= n; i++) {
                history.acknowledge(i);
                assertTrue(Files.size(file()) <= max, "file " + Files.size(file()));
            }
            assertEquals(n, history.acknowledged());
            assertEquals(n, history.newest(1000).size());
            assertTrue(Files.readAllLines(file()).stream().filter(l -> l.contains(" ACK\t")).count() < n,
                    "the acknowledgements forced a rewrite");
            assertEquals(0, history.droppedUnacknowledged(), "only acknowledged records were dropped");
        }
        try (SwapHistory history = SwapHistory.open(file(), 1000, FileLayer.system(), max)) {
            assertEquals(List.of(), history.unacknowledged(10));
        }
    }

    @Test
    void aRecordTooLargeForTheFileIsRefusedAndNothingIsWritten() throws Exception {
        long max = 16 * 1024;
        List<BundleRecord> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new BundleRecord("com.acme.bundle" + i, "1.0.0", PATCH_A));
        }
        try (SwapHistory history = SwapHistory.open(file(), 10, FileLayer.system(), max)) {
            long size = Files.size(file());
            SwapRecord huge = new SwapRecord(0, "tx", "l", PATCH_A, many, Outcome.COMMITTED, T0, 0, 1, null, Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.append(huge));
            assertTrue(e.getMessage().contains("too large") && e.getMessage().contains("100 bundles"), e.getMessage());
            assertEquals(size, Files.size(file()));
            assertEquals(1, history.append(record(1)).sequence(), "no sequence was used up");
        }
    }

    @Test
    void malformedRecordsAreRefusedBeforeWriting() {
        try (SwapHistory history = SwapHistory.open(file())) {
            SwapRecord r = record(1);
            assertThrows(IllegalArgumentException.class, () -> history.append(new SwapRecord(0, "tx", "l", "not-a-hash",
                    List.of(), Outcome.REJECTED, T0, 0, 0, null, Map.of())));
            assertThrows(IllegalArgumentException.class, () -> history.append(new SwapRecord(0, "tx", "l", PATCH_A,
                    List.of(new BundleRecord("a", "1", "x")), Outcome.REJECTED, T0, 0, 0, null, Map.of())));
            assertThrows(IllegalArgumentException.class, () -> history.append(new SwapRecord(0, "tx", "l", PATCH_A,
                    List.of(new BundleRecord("", "1", PATCH_A)), Outcome.REJECTED, T0, 0, 0, null, Map.of())));
            assertThrows(IllegalArgumentException.class, () -> history.append(new SwapRecord(0, "tx", "l", PATCH_A,
                    List.of(new BundleRecord(null, "1", PATCH_A)), Outcome.REJECTED, T0, 0, 0, null, Map.of())));
            assertThrows(IllegalArgumentException.class, () -> history.append(new SwapRecord(0, "tx", "l", PATCH_A,
                    List.of(new BundleRecord("a", null, PATCH_A)), Outcome.REJECTED, T0, 0, 0, null, Map.of())));
            assertThrows(IllegalArgumentException.class, () -> history.append(new SwapRecord(0, "tx", "l", PATCH_A,
                    List.of(), Outcome.REJECTED, T0, -1, 0, null, Map.of())));
            assertThrows(IllegalArgumentException.class, () -> history.append(new SwapRecord(0, "tx", "l", PATCH_A,
                    List.of(), Outcome.REJECTED, T0, 0, -1, null, Map.of())));
            assertEquals(0, history.lastSequence());
            assertEquals(1, history.append(r).sequence());
        }
    }

    @Test
    void hostileCausesCannotInjectLinesAndAreBounded() throws Exception {
        String forgedLine = CrcLines.frame(HistoryCodec.ack(1));
        List<String> causes = List.of("line\nbreak", "tab\there", "cr\rlf\r\n", "%0A%09 already encoded",
                forgedLine + forgedLine, "\u0000nul\u001b[31mansi", "unpaired \ud800 surrogate", "~", "-",
                "emoji \ud83d\ude00", "y".repeat(1_000_000));
        List<SwapRecord> stored = new ArrayList<>();
        try (SwapHistory history = SwapHistory.open(file())) {
            for (String cause : causes) {
                SwapRecord r = record(1);
                stored.add(history.append(new SwapRecord(0, "tx\n" + cause.substring(0, Math.min(9, cause.length())),
                        cause, PATCH_A, r.bundles(), Outcome.ROLLED_BACK, T0, 1, 1, cause, r.timings())));
            }
        }
        assertEquals(causes.size() + 1, Files.readAllLines(file()).size(), "one line per record, one header");
        assertEquals(0, history().acknowledged(), "the forged ACK inside a cause was not taken as one");
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(stored, history.newest(100));
            assertEquals("line\nbreak", history.newest(100).get(0).cause());
            assertEquals("unpaired ? surrogate", history.newest(100).get(6).cause());
            String bounded = history.newest(1).get(0).cause();
            assertTrue(bounded.length() <= SwapHistory.MAX_CAUSE_CHARS && bounded.length() > SwapHistory.MAX_CAUSE_CHARS - 32,
                    "length " + bounded.length());
            assertTrue(bounded.endsWith(" [" + (1_000_000 - SwapHistory.MAX_CAUSE_CHARS + 32) + " characters cut]"), bounded.substring(4000));
            assertTrue(history.newest(1).get(0).label().length() <= SwapHistory.MAX_LABEL_CHARS);
        }
    }

    private SwapHistory history() {
        try (SwapHistory history = SwapHistory.open(file())) {
            return history;
        }
    }

    @Test
    void crashedBeforeLooksForACrashNotFollowedByACommit() {
        try (SwapHistory history = SwapHistory.open(file())) {
            assertFalse(history.crashedBefore(PATCH_A));
            history.append(record("tx1", Outcome.CRASHED, PATCH_A));
            history.append(record("tx2", Outcome.COMMITTED, PATCH_B));
            assertTrue(history.crashedBefore(PATCH_A));
            assertFalse(history.crashedBefore(PATCH_B));
            history.append(record("tx3", Outcome.ROLLED_BACK, PATCH_A));
            assertTrue(history.crashedBefore(PATCH_A), "a later rollback does not clear a crash");
            history.append(record("tx4", Outcome.COMMITTED, PATCH_A));
            assertFalse(history.crashedBefore(PATCH_A), "a later commit does");
            history.append(record("tx5", Outcome.CRASHED, PATCH_A));
            assertTrue(history.crashedBefore(PATCH_A));
            assertFalse(history.crashedBefore(""));
            assertFalse(history.crashedBefore(null));
        }
        try (SwapHistory history = SwapHistory.open(file())) {
            assertTrue(history.crashedBefore(PATCH_A), "across a restart");
        }
    }

    @Test
    void aClosedHistoryRefusesWritesAndCapacityIsChecked() {
        SwapHistory history = SwapHistory.open(file());
        assertEquals(file(), history.file());
        history.close();
        assertThrows(IllegalStateException.class, () -> history.append(record(1)));
        assertThrows(IllegalStateException.class, () -> history.acknowledge(1));
        assertThrows(IllegalArgumentException.class, () -> SwapHistory.open(file(), 0, FileLayer.system()));
        assertThrows(IllegalArgumentException.class, () -> SwapHistory.open(file(), SwapHistory.MAX_CAPACITY + 1, FileLayer.system()));
        SwapHistory.open(file(), SwapHistory.MAX_CAPACITY, FileLayer.system()).close();
        SwapHistory.open(file(), 1, FileLayer.system()).close();
        assertEquals(1000, SwapHistory.DEFAULT_CAPACITY);
    }

    @Test
    void aFailedAppendStoresNothingAndUsesNoSequence() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        try (SwapHistory history = SwapHistory.open(Path.of("/d/history.log"), 4, disk)) {
            history.append(record(1));
            disk.failOn(Call.FORCE, new java.io.IOException("EIO"));
            StoreException e = assertThrows(StoreException.class, () -> history.append(record(2)));
            assertTrue(e.getMessage().contains("EIO"), e.getMessage());
            assertEquals(1, history.lastSequence());
            disk.failOn(Call.FORCE, new java.io.IOException("EIO"));
            assertThrows(StoreException.class, () -> history.acknowledge(1));
            assertEquals(0, history.acknowledged());
            assertEquals(2, history.append(record(2)).sequence());
        }
        try (SwapHistory history = SwapHistory.open(Path.of("/d/history.log"), 4, disk)) {
            assertEquals(List.of(1L, 2L), sequences(history.newest(10)));
        }
    }

    static List<Long> sequences(List<SwapRecord> records) {
        return records.stream().map(SwapRecord::sequence).toList();
    }

    @Test
    void appendingDoesNotTouchTheFileWhenTheCapacityHolds() throws Exception {
        try (SwapHistory history = SwapHistory.open(file(), 3, FileLayer.system())) {
            history.append(record(1));
            String before = Files.readString(file());
            history.append(record(2));
            assertTrue(Files.readString(file()).startsWith(before), "appended, not rewritten");
        }
    }
}
