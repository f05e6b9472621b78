package io.patchbay.framework.impl.history;

import static io.patchbay.framework.impl.history.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.impl.store.CrcLines;
import java.io.RandomAccessFile;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file as the next start finds it: torn, damaged, forged, oversized; and its permissions. */
class SwapHistoryFileTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("history.log");
    }

    private static List<Long> sequences(List<SwapRecord> records) {
        return SwapHistoryTest.sequences(records);
    }

    @Test
    void aTornLastRecordIsCutAndItsSequenceReused() throws Exception {
        try (SwapHistory history = SwapHistory.open(file())) {
            for (int i = 1; i <= 3; i++) {
                history.append(record(i));
            }
        }
        byte[] bytes = Files.readAllBytes(file());
        Files.write(file(), java.util.Arrays.copyOf(bytes, bytes.length - 20));
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(List.of(1L, 2L), sequences(history.newest(10)));
            assertEquals(3, history.append(record(3)).sequence());
        }
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(List.of(1L, 2L, 3L), sequences(history.newest(10)));
        }
    }

    @Test
    void aDamagedRecordFollowedByGoodOnesFailsClosedNamingTheFileAndWhatToDo() throws Exception {
        try (SwapHistory history = SwapHistory.open(file())) {
            for (int i = 1; i <= 3; i++) {
                history.append(record(i));
            }
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file()));
        lines.set(2, lines.get(2).replace("tx2", "tx9"));
        Files.write(file(), lines);
        byte[] before = Files.readAllBytes(file());
        StoreException e = assertThrows(StoreException.class, () -> SwapHistory.open(file()));
        assertTrue(e.getMessage().contains(file().toString()) && e.getMessage().contains("damaged")
                && e.getMessage().contains("move the file aside"), e.getMessage());
        assertEquals(List.of(before.length), List.of(Files.readAllBytes(file()).length), "nothing was cut");
    }

    @Test
    void wellChecksummedLinesTheHistoryNeverWritesAreDamage() throws Exception {
        String header = HistoryCodec.header(1, 0, 0);
        SwapRecord r1 = record(1).withSequence(1);
        assertDamaged(List.of(header, HistoryCodec.record(record(1).withSequence(2))), "record 2 where 1 was due");
        assertDamaged(List.of(header, HistoryCodec.ack(1)), "acknowledgement of 1 after 0, with 0 the newest record");
        assertDamaged(List.of(header, HistoryCodec.record(r1), HistoryCodec.ack(1), HistoryCodec.ack(1)),
                "acknowledgement of 1 after 1");
        assertDamaged(List.of(header, header), "a second header");
        assertDamaged(List.of(HistoryCodec.record(r1)), "no header");
        assertDamaged(List.of(HistoryCodec.header(0, 0, 0)), "header starts at record 0");
        assertDamaged(List.of(HistoryCodec.header(5, 5, 0)), "acknowledged up to 5 but the newest record is 4");
        assertDamaged(List.of(HistoryCodec.header(5, 6, 0), HistoryCodec.record(record(1).withSequence(5))),
                "acknowledged up to 6 but the newest record is 5");
        Files.writeString(file(), CrcLines.frame(HistoryCodec.header(5, 5, 0))
                + CrcLines.frame(HistoryCodec.record(record(1).withSequence(5))));
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(5, history.acknowledged(), "a watermark on the last kept record is fine");
        }
        assertDamaged(List.of("HISTORY\t3\t1\t0\t0\t~"), "history format 3 is not one this runtime reads");
    }

    @Test
    void aMissingOrTornHeaderIsDamageNotACrash() throws Exception {
        Files.writeString(file(), "");
        StoreException e = assertThrows(StoreException.class, () -> SwapHistory.open(file()));
        assertTrue(e.getMessage().contains("is empty: its header is missing"), e.getMessage());
        String header = CrcLines.frame(HistoryCodec.header(9, 3, 1));
        Files.writeString(file(), header.substring(0, header.length() - 1));
        e = assertThrows(StoreException.class, () -> SwapHistory.open(file()));
        assertTrue(e.getMessage().contains("damaged at byte 0 (no line end)"), e.getMessage());
        assertEquals(header.length() - 1, Files.size(file()), "the header was not cut");
        Files.writeString(file(), header);
        try (SwapHistory history = SwapHistory.open(file())) {
            assertEquals(8, history.lastSequence());
            assertEquals(3, history.acknowledged());
            assertEquals(1, history.droppedUnacknowledged());
        }
    }

    @Test
    void aHugeForgedHistoryIsRefusedUnread() throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(file().toFile(), "rw")) {
            sparse.setLength(SwapHistory.MAX_BYTES + 1);
        }
        StoreException e = assertThrows(StoreException.class, () -> SwapHistory.open(file()));
        assertTrue(e.getMessage().contains("more than the " + SwapHistory.MAX_BYTES) && e.getMessage().contains("move the file aside"),
                e.getMessage());
    }

    @Test
    void theFileIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        SwapHistory.open(file()).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    private void assertDamaged(List<String> payloads, String reason) throws Exception {
        StringBuilder text = new StringBuilder();
        payloads.forEach(p -> text.append(CrcLines.frame(p)));
        Files.writeString(file(), text);
        StoreException e = assertThrows(StoreException.class, () -> SwapHistory.open(file()));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
