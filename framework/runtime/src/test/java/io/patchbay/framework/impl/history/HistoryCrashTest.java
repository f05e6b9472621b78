package io.patchbay.framework.impl.history;

import static io.patchbay.framework.impl.history.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.store.CrashPoints;
import io.patchbay.framework.impl.store.SimulatedDisk;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Power cuts at every point of every durable history operation: the history reopens (never damaged) exactly as
 * before or after the operation, and as after once it returned.
 */
class HistoryCrashTest {
    private static final Path FILE = Path.of("/data/history.log");
    private static final int CAPACITY = 4;
    private static final long SMALL = 2048;

    /** Everything a reader can learn from a history. */
    record View(List<SwapRecord> records, long acknowledged, long dropped, long last) {
        static View of(SwapHistory h) {
            return new View(h.newest(Integer.MAX_VALUE), h.acknowledged(), h.droppedUnacknowledged(), h.lastSequence());
        }
    }

    private static View viewOf(SimulatedDisk disk, int capacity, long maxBytes) {
        try (SwapHistory history = SwapHistory.open(FILE, capacity, disk, maxBytes)) {
            return View.of(history);
        }
    }

    private static void checkStep(int capacity, long maxBytes, Consumer<SwapHistory> before, Consumer<SwapHistory> step)
            throws Exception {
        SimulatedDisk base = new SimulatedDisk();
        try (SwapHistory history = SwapHistory.open(FILE, capacity, base, maxBytes)) {
            before.accept(history);
        }
        Supplier<SimulatedDisk> setup = base::copy;
        View old = viewOf(setup.get(), capacity, maxBytes);
        View expected;
        try (SwapHistory history = SwapHistory.open(FILE, capacity, setup.get(), maxBytes)) {
            step.accept(history);
            expected = View.of(history);
        }
        CrashPoints.everyCrashPoint(setup, disk -> {
            try (SwapHistory history = SwapHistory.open(FILE, capacity, disk, maxBytes)) {
                step.accept(history);
            }
        }, (image, returned) -> {
            View after = viewOf(image, capacity, maxBytes);
            if (returned) {
                assertEquals(expected, after, "the operation returned, so it is durable");
            } else {
                assertTrue(after.equals(old) || after.equals(expected), "neither old nor new: " + after);
            }
            try (SwapHistory again = SwapHistory.open(FILE, capacity, image, maxBytes)) {
                SwapRecord probe = again.append(record("probe", Outcome.CRASHED, Records.PATCH_B));
                assertEquals(after.last() + 1, probe.sequence(), "no sequence is ever used twice");
            }
            assertTrue(viewOf(image, capacity, maxBytes).records().stream().anyMatch(r -> r.transactionId().equals("probe")));
        });
    }

    private static long line(String payload) {
        return io.patchbay.framework.impl.store.CrcLines.frame(payload).length();
    }

    private static Consumer<SwapHistory> appended(int n) {
        return h -> {
            for (int i = 1; i <= n; i++) {
                h.append(record(i));
            }
        };
    }

    @Test
    void creatingTheHistoryIsAtomicAndDurable() throws Exception {
        CrashPoints.everyCrashPoint(SimulatedDisk::new, disk -> SwapHistory.open(FILE, CAPACITY, disk).close(),
                (image, returned) -> {
                    if (returned) {
                        assertTrue(image.files().contains(FILE), "created, durably");
                    }
                    try (SwapHistory history = SwapHistory.open(FILE, CAPACITY, image)) {
                        assertEquals(0, history.lastSequence());
                    }
                });
    }

    @Test
    void anAppendIsOldOrNewAtEveryCrashPoint() throws Exception {
        checkStep(CAPACITY, SwapHistory.MAX_BYTES, appended(2), h -> h.append(record(3)));
    }

    @Test
    void anAppendThatRewritesPastTheCapacityIsOldOrNew() throws Exception {
        checkStep(CAPACITY, SwapHistory.MAX_BYTES, appended(CAPACITY).andThen(h -> h.acknowledge(1)), h -> h.append(record(9)));
    }

    @Test
    void anAcknowledgementIsOldOrNew() throws Exception {
        checkStep(CAPACITY, SwapHistory.MAX_BYTES, appended(3), h -> h.acknowledge(2));
    }

    @Test
    void anAcknowledgementThatRewritesIsOldOrNew() throws Exception {
        SwapRecord small = new SwapRecord(0, "t", "", "", List.of(), Outcome.REJECTED, Records.T0, 0, 0, null,
                java.util.Map.of());
        Consumer<SwapHistory> nearlyFull = h -> {
            // room left for at least one acknowledgement line, which the rewrite then folds into the header
            while (h.fileBytes() + line(HistoryCodec.record(small.withSequence(h.lastSequence() + 1)))
                    + line(HistoryCodec.ack(h.lastSequence() + 1)) <= SMALL) {
                h.append(small);
            }
            while (h.fileBytes() + line(HistoryCodec.ack(h.acknowledged() + 1)) <= SMALL) {
                h.acknowledge(h.acknowledged() + 1);
            }
        };
        checkStep(1000, SMALL, nearlyFull, h -> {
            long before = h.fileBytes();
            h.acknowledge(h.acknowledged() + 1);
            assertTrue(h.fileBytes() < before, "the acknowledgement rewrote the file");
        });
    }
}
