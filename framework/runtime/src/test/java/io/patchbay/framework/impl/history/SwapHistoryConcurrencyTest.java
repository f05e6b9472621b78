package io.patchbay.framework.impl.history;

import static io.patchbay.framework.impl.history.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.impl.store.SimulatedDisk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The swap thread appends while reporters read and acknowledge, through rewrites at the capacity: every read is a
 * consistent run of records, the watermark only rises, and nothing a reporter acknowledged comes back.
 */
class SwapHistoryConcurrencyTest {
    private static final int APPENDS = 300;

    @Test
    void appendsReadsAndAcknowledgementsInterleaveSafely() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        SimulatedDisk disk = new SimulatedDisk();
        Path file = Path.of("/d/history.log");
        try (SwapHistory history = SwapHistory.open(file, 40, disk)) {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean appending = new AtomicBoolean(true);
            Callable<Integer> appender = () -> {
                start.await();
                for (int i = 1; i <= APPENDS; i++) {
                    assertEquals(i, history.append(record(i)).sequence());
                }
                appending.set(false);
                return APPENDS;
            };
            Callable<Integer> reporter = () -> {
                start.await();
                int reads = 0;
                while (appending.get() || !history.unacknowledged(1).isEmpty()) {
                    long watermark = history.acknowledged();
                    List<SwapRecord> pending = history.unacknowledged(7);
                    assertConsecutive(pending);
                    assertConsecutive(history.newest(25));
                    if (!pending.isEmpty()) {
                        assertTrue(pending.get(0).sequence() > watermark, "an acknowledged record came back");
                        history.acknowledge(pending.get(pending.size() - 1).sequence());
                    }
                    assertTrue(history.acknowledged() >= watermark, "the watermark went down");
                    reads++;
                }
                return reads;
            };
            List<Future<Integer>> results = new ArrayList<>();
            results.add(threads.submit(appender));
            results.add(threads.submit(reporter));
            results.add(threads.submit(reporter));
            start.countDown();
            for (Future<Integer> result : results) {
                assertTrue(result.get(120, TimeUnit.SECONDS) > 0);
            }
            assertEquals(APPENDS, history.acknowledged());
            assertEquals(APPENDS, history.lastSequence());
            assertTrue(history.newest(1000).size() <= 40);
            HistoryCrashTest.View view = HistoryCrashTest.View.of(history);
            history.close();
            try (SwapHistory reopened = SwapHistory.open(file, 40, disk)) {
                assertEquals(view, HistoryCrashTest.View.of(reopened), "what the threads left is what the file says");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertConsecutive(List<SwapRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            assertEquals(records.get(i - 1).sequence() + 1, records.get(i).sequence(), "a torn read: " + records);
        }
    }
}
