package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.store.SimulatedDisk.Call;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The append-only log's own rules: limits, what counts as torn and what as damage, and its file handles. */
class AppendLogTest {
    private static final Path FILE = Path.of("/d/log");

    private static AppendLog open(SimulatedDisk disk, long max, List<String> seen) {
        return AppendLog.open(FILE, disk, max, "test log", "Do the right thing.", seen::add);
    }

    private static byte[] lines(String... payloads) {
        StringBuilder text = new StringBuilder();
        for (String p : payloads) {
            text.append(CrcLines.frame(p));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSizeLimitMustBeUsable() {
        assertThrows(IllegalArgumentException.class, () -> open(new SimulatedDisk(), 0, new ArrayList<>()));
        assertThrows(IllegalArgumentException.class,
                () -> open(new SimulatedDisk(), DurableFiles.MAX_ENTRY_BYTES + 1, new ArrayList<>()));
        open(new SimulatedDisk(), 1, new ArrayList<>()).close();
        open(new SimulatedDisk(), DurableFiles.MAX_ENTRY_BYTES, new ArrayList<>()).close();
    }

    @Test
    void appendsAndRewritesMayFillTheLimitExactly() {
        long line = CrcLines.frame("abc").length();
        SimulatedDisk disk = new SimulatedDisk();
        try (AppendLog log = open(disk, 2 * line, new ArrayList<>())) {
            log.append("abc");
            log.append("abc");
            assertEquals(2 * line, log.size());
            StoreException e = assertThrows(StoreException.class, () -> log.append("abc"));
            assertTrue(e.getMessage().contains("would grow past " + 2 * line + " bytes; record refused"), e.getMessage());
            log.replace(List.of("xyz", "xyz"), () -> { });
            assertEquals(2 * line, log.size());
            e = assertThrows(StoreException.class, () -> log.replace(List.of("a", "b", "c"), () -> { }));
            assertTrue(e.getMessage().contains("rewrite refused"), e.getMessage());
        }
        List<String> seen = new ArrayList<>();
        open(disk, 2 * line, seen).close();
        assertEquals(List.of("xyz", "xyz"), seen);
    }

    @Test
    void openingAnIntactLogWritesNothing() {
        SimulatedDisk disk = new SimulatedDisk().plant(FILE, lines("one", "two"));
        List<String> seen = new ArrayList<>();
        open(disk, 1000, seen).close();
        assertEquals(List.of("one", "two"), seen);
        assertEquals(0, disk.calls(Call.TRUNCATE) + disk.calls(Call.WRITE) + disk.calls(Call.SYNC_DIRECTORY));
    }

    @Test
    void aBlankLastLineIsTornAndCut() {
        byte[] good = lines("one");
        byte[] withBlank = java.util.Arrays.copyOf(good, good.length + 1);
        withBlank[good.length] = '\n';
        SimulatedDisk disk = new SimulatedDisk().plant(FILE, withBlank);
        List<String> seen = new ArrayList<>();
        open(disk, 1000, seen).close();
        assertEquals(List.of("one"), seen);
        assertArrayEquals(good, disk.content(FILE));
    }

    @Test
    void aBlankLineInTheMiddleIsDamage() {
        byte[] one = lines("one");
        byte[] two = lines("two");
        byte[] bytes = new byte[one.length + 1 + two.length];
        System.arraycopy(one, 0, bytes, 0, one.length);
        bytes[one.length] = '\n';
        System.arraycopy(two, 0, bytes, one.length + 1, two.length);
        SimulatedDisk disk = new SimulatedDisk().plant(FILE, bytes);
        StoreException e = assertThrows(StoreException.class, () -> open(disk, 1000, new ArrayList<>()));
        assertEquals("test log " + FILE + " is damaged at byte " + one.length + " (no checksum), which is not how a crash"
                + " leaves it; nothing was changed. Do the right thing.", e.getMessage());
        assertArrayEquals(bytes, disk.content(FILE));
        assertEquals(0, disk.openHandles(), "a refused log is closed");
    }

    @Test
    void aBlankFirstLineIsDamageToo() {
        byte[] one = lines("one");
        byte[] bytes = new byte[one.length + 1];
        bytes[0] = '\n';
        System.arraycopy(one, 0, bytes, 1, one.length);
        SimulatedDisk disk = new SimulatedDisk().plant(FILE, bytes);
        StoreException e = assertThrows(StoreException.class, () -> open(disk, 1000, new ArrayList<>()));
        assertTrue(e.getMessage().contains("damaged at byte 0 (no checksum)"), e.getMessage());
        assertArrayEquals(bytes, disk.content(FILE));
    }

    @Test
    void handlesAreClosedOnCloseAndWhenBroken() {
        SimulatedDisk disk = new SimulatedDisk();
        AppendLog log = open(disk, 1000, new ArrayList<>());
        log.append("one");
        assertEquals(1, disk.openHandles());
        log.close();
        assertEquals(0, disk.openHandles());
        log.append("two");
        assertEquals(1, disk.openHandles(), "an append after close reopens");
        disk.failOn(Call.WRITE, new IOException("EIO")).failOn(Call.TRUNCATE, new IOException("EIO"));
        assertThrows(StoreException.class, () -> log.append("three"));
        assertEquals(0, disk.openHandles(), "a broken log lets its file go");
        StoreException e = assertThrows(StoreException.class, () -> log.replace(List.of("x"), () -> { }));
        assertTrue(e.getMessage().contains("half-written record"), e.getMessage());
        assertEquals(0, disk.calls(Call.MOVE), "a broken log is not rewritten either");
    }

    @Test
    void aLogThatCannotBeReadIsClosed() {
        SimulatedDisk disk = new SimulatedDisk().plant(FILE, lines("one")).failOn(Call.READ, new IOException("EIO"));
        StoreException e = assertThrows(StoreException.class, () -> open(disk, 1000, new ArrayList<>()));
        assertEquals("cannot open test log " + FILE + ": EIO", e.getMessage());
        assertEquals(0, disk.openHandles());
    }
}
