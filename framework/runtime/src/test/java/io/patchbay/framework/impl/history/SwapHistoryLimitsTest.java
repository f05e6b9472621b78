package io.patchbay.framework.impl.history;

import static io.patchbay.framework.impl.history.SwapHistoryTest.sequences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.impl.store.CrcLines;
import io.patchbay.framework.impl.store.SimulatedDisk;
import io.patchbay.framework.impl.store.SimulatedDisk.Call;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The history's limits, exactly at their edges. */
class SwapHistoryLimitsTest {
    private static final Path FILE = Path.of("/d/history.log");

    private static long line(String payload) {
        return CrcLines.frame(payload).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Records of one length: all rolled back, with one-digit numbers. */
    private static SwapRecord record(int i) {
        return Records.record("tx" + i, io.patchbay.framework.api.SwapResult.Outcome.ROLLED_BACK, Records.PATCH_A);
    }

    /** The line of record {@code i} (1 to 9: one digit, so all the same length). */
    private static long recordLine(int i) {
        return line(HistoryCodec.record(record(i).withSequence(i)));
    }

    private static final long HEADER = line(HistoryCodec.header(1, 0, 0));

    @Test
    void anAppendThatFillsTheFileExactlyIsAppended() {
        long max = HEADER + 4 * recordLine(1);
        SimulatedDisk disk = new SimulatedDisk();
        try (SwapHistory history = SwapHistory.open(FILE, 1000, disk, max)) {
            for (int i = 1; i <= 4; i++) {
                history.append(record(i));
            }
            assertEquals(max, history.fileBytes());
            assertEquals(0, disk.calls(Call.MOVE) - 1, "only the creation renamed");
        }
    }

    @Test
    void aRecordOfExactlyAQuarterOfTheLimitIsAccepted() {
        long max = 4 * recordLine(1);
        try (SwapHistory history = SwapHistory.open(FILE, 1000, new SimulatedDisk(), max)) {
            history.append(record(1));
        }
        try (SwapHistory history = SwapHistory.open(FILE, 1000, new SimulatedDisk(), max - 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.append(record(1)));
            assertTrue(e.getMessage().contains("a swap record of " + recordLine(1) + " bytes is too large for the history "
                    + "(at most " + (max - 4) / 4 + ")"), e.getMessage());
        }
    }

    /**
     * Opens with a byte limit whose rewrite budget (three quarters, less the header) is {@code budget}, appends
     * records 1 to 5 (the fifth goes over the limit) and returns what was kept.
     */
    private static List<Long> keptWithBudget(long budget) {
        // the rewrite bounds the header by its numbers at the fifth record (next 6, acknowledged 0, dropped < 6)
        // and by the longest id of a journaled record it may drop (all five are: "tx1" to "tx5")
        long target = budget + line(HistoryCodec.header(6, 0, 5, "tx5", true));
        long max = 0;
        while (max * 3 / 4 != target) {
            max++;
        }
        assertTrue(HEADER + 4 * recordLine(1) <= max && HEADER + 5 * recordLine(1) > max, "setup: the fifth overflows");
        try (SwapHistory history = SwapHistory.open(FILE, 1000, new SimulatedDisk(), max)) {
            for (int i = 1; i <= 5; i++) {
                history.append(record(i));
            }
            assertTrue(history.fileBytes() <= max * 3 / 4);
            assertEquals(5 - history.newest(10).size(), history.droppedUnacknowledged());
            return sequences(history.newest(10));
        }
    }

    @Test
    void aRewriteKeepsRecordsThatFillItsBudgetExactly() {
        assertEquals(List.of(3L, 4L, 5L), keptWithBudget(3 * recordLine(1)));
    }

    @Test
    void aRewriteKeepsNoRecordPastItsBudget() {
        assertEquals(List.of(4L, 5L), keptWithBudget(3 * recordLine(1) - 1));
    }

    @Test
    void anAcknowledgementThatFillsTheFileExactlyIsAppended() {
        long max = HEADER + 4 * recordLine(1) + line(HistoryCodec.ack(4));
        SimulatedDisk disk = new SimulatedDisk();
        try (SwapHistory history = SwapHistory.open(FILE, 1000, disk, max)) {
            for (int i = 1; i <= 4; i++) {
                history.append(record(i));
            }
            history.acknowledge(4);
            assertEquals(max, history.fileBytes());
            assertEquals(1, disk.calls(Call.MOVE), "only the creation renamed");
        }
    }

    @Test
    void negativeCountsAreRefusedByName() {
        try (SwapHistory history = SwapHistory.open(FILE, 10, new SimulatedDisk())) {
            assertEquals("max must be at least 0, not -1",
                    assertThrows(IllegalArgumentException.class, () -> history.newest(-1)).getMessage());
            assertEquals("max must be at least 0, not -2",
                    assertThrows(IllegalArgumentException.class, () -> history.unacknowledged(-2)).getMessage());
        }
    }

    @Test
    void closingFromOneThreadIsSeenByAnother() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        SwapHistory history = SwapHistory.open(FILE, 10, disk);
        history.append(record(1));
        history.close();
        assertEquals(0, disk.openHandles());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(() -> history.acknowledge(1)).get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        assertTrue(e.getCause().getMessage().contains("is closed"), e.getCause().getMessage());
    }

    @Test
    void aHistoryRefusedAtOpenLetsItsFileGo() {
        SimulatedDisk disk = new SimulatedDisk().plant(FILE,
                CrcLines.frame(HistoryCodec.header(5, 5, 0)).getBytes(StandardCharsets.UTF_8));
        StoreException e = assertThrows(StoreException.class, () -> SwapHistory.open(FILE, 10, disk));
        assertTrue(e.getMessage().contains("swap history " + FILE + " is damaged (acknowledged up to 5"), e.getMessage());
        assertEquals(0, disk.openHandles());
    }

    @Test
    void anAppendedRecordIsTheOneReadBack() {
        SimulatedDisk disk = new SimulatedDisk();
        SwapRecord stored;
        try (SwapHistory history = SwapHistory.open(FILE, 10, disk)) {
            stored = history.append(record(1));
        }
        try (SwapHistory history = SwapHistory.open(FILE, 10, disk)) {
            assertEquals(List.of(stored), history.newest(1));
        }
    }
}
