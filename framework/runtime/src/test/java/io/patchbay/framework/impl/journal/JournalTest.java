package io.patchbay.framework.impl.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.store.Sha256;
import io.patchbay.framework.impl.store.FileLayer;
import io.patchbay.framework.impl.store.SimulatedDisk;
import io.patchbay.framework.impl.store.SimulatedDisk.Call;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static BundleRecord record(String bsn, String version) {
        return new BundleRecord(bsn, version, Sha256.hex((bsn + version).getBytes(StandardCharsets.UTF_8)));
    }

    private Path file() {
        return dir.resolve("journal.log");
    }

    @Test
    void anEmptyJournalIsLevelZero() {
        try (Journal journal = Journal.open(file())) {
            assertEquals(0, journal.state().level().sequence());
            assertTrue(journal.state().unfinished().isEmpty());
        }
    }

    @Test
    void commitsSurviveReopening() {
        try (Journal journal = Journal.open(file())) {
            journal.append(new JournalRecord.Intent("tx1", T0, "first\trelease\n", List.of(), List.of(record("a", "1.0.0"))));
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
        }
        try (Journal journal = Journal.open(file())) {
            PatchLevel level = journal.state().level();
            assertEquals(1, level.sequence());
            assertEquals(List.of(record("a", "1.0.0")), level.bundles());
            assertEquals(T0, level.committedAt());
            assertTrue(journal.state().unfinished().isEmpty());
        }
    }

    @Test
    void anIntentWithoutOutcomeIsUnfinishedUntilRolledBack() {
        try (Journal journal = Journal.open(file())) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
            journal.append(new JournalRecord.Intent("tx2", T0, "label with\ttab", List.of(record("a", "1.0.0")),
                    List.of(record("a", "2.0.0"), record("b", "1.0.0"))));
        }
        try (Journal journal = Journal.open(file())) {
            JournalRecord.Intent intent = journal.state().unfinished().orElseThrow();
            assertEquals("tx2", intent.transactionId());
            assertEquals("label with\ttab", intent.label());
            assertFalse(intent.adds("a"));
            assertTrue(intent.adds("b"));
            assertEquals(1, journal.state().level().sequence());
            journal.append(new JournalRecord.RolledBack("tx2", T0));
        }
        try (Journal journal = Journal.open(file())) {
            assertTrue(journal.state().unfinished().isEmpty());
            assertEquals(1, journal.state().level().sequence());
        }
    }

    @Test
    void aTornLastRecordIsIgnoredAndCutOff() throws Exception {
        try (Journal journal = Journal.open(file())) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
        }
        long good = Files.size(file());
        String commit2 = RecordCodec.encode(new JournalRecord.Commit("tx2", T0, 2, List.of(record("a", "2.0.0")), List.of()));
        Files.writeString(file(), commit2.substring(0, commit2.length() / 2), StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(file())) {
            assertEquals(1, journal.state().level().sequence(), "the torn commit does not count");
            assertEquals(good, Files.size(file()), "the torn bytes are cut off");
            journal.append(journal.nextCommit("tx3", T0, List.of(record("a", "3.0.0"))));
        }
        try (Journal journal = Journal.open(file())) {
            assertEquals(2, journal.state().level().sequence());
            assertEquals("3.0.0", journal.state().level().bundle("a").orElseThrow().version());
        }
    }

    @Test
    void aLastRecordWithABadChecksumIsIgnored() throws Exception {
        try (Journal journal = Journal.open(file())) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
        }
        String commit2 = RecordCodec.encode(new JournalRecord.Commit("tx2", T0, 2, List.of(record("a", "2.0.0")), List.of()));
        Files.writeString(file(), "00000000" + commit2.substring(8), StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(file())) {
            assertEquals(1, journal.state().level().sequence());
        }
    }

    @Test
    void damageBeforeTheLastRecordFailsClosed() throws Exception {
        try (Journal journal = Journal.open(file())) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
            journal.append(journal.nextCommit("tx2", T0, List.of(record("a", "2.0.0"))));
        }
        byte[] bytes = Files.readAllBytes(file());
        bytes[12] = (byte) (bytes[12] == 'X' ? 'Y' : 'X');
        Files.write(file(), bytes);
        StoreException e = assertThrows(StoreException.class, () -> Journal.open(file()));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void theCommitRemembersEachBundlesPreviousVersion() {
        try (Journal journal = Journal.open(file())) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"), record("b", "1.0.0"))));
            journal.append(journal.nextCommit("tx2", T0, List.of(record("a", "2.0.0"))));
            journal.append(journal.nextCommit("tx3", T0, List.of(record("b", "2.0.0"))));
            JournalState state = journal.state();
            assertEquals(3, state.level().sequence());
            assertEquals(List.of(record("a", "2.0.0"), record("b", "2.0.0")), state.level().bundles());
            assertEquals(List.of(record("a", "1.0.0"), record("b", "1.0.0")), state.previous());
            assertEquals(Set.of(record("a", "1.0.0").sha256(), record("a", "2.0.0").sha256(),
                    record("b", "1.0.0").sha256(), record("b", "2.0.0").sha256()), state.retainedHashes());
        }
    }

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

    @Test
    void aFailedAppendLeavesTheFileAndStateAsTheyWereAndTheNextAppendWorks() {
        SimulatedDisk disk = new SimulatedDisk();
        Path file = Path.of("/d/journal.log");
        try (Journal journal = Journal.open(file, disk)) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
            byte[] before = disk.content(file);
            JournalState state = journal.state();
            disk.failOn(Call.WRITE, new IOException("No space left on device"));
            StoreException e = assertThrows(StoreException.class,
                    () -> journal.append(journal.nextCommit("tx2", T0, List.of(record("a", "2.0.0")))));
            assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains(file.toString()),
                    e.getMessage());
            assertEquals(state, journal.state());
            assertArrayEquals(before, disk.content(file), "the half-written record was cut off");
            journal.append(journal.nextCommit("tx3", T0, List.of(record("a", "3.0.0"))));
        }
        try (Journal journal = Journal.open(file, disk)) {
            assertEquals(2, journal.state().level().sequence());
            assertEquals("tx3", journal.state().lastCommitTransaction());
        }
    }

    @Test
    void aFailedWriteThatCannotBeCutBackRefusesFurtherAppendsUntilARestart() {
        SimulatedDisk disk = new SimulatedDisk();
        Path file = Path.of("/d/journal.log");
        try (Journal journal = Journal.open(file, disk)) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
            disk.failOn(Call.WRITE, new IOException("EIO")).failOn(Call.TRUNCATE, new IOException("EIO again"));
            assertThrows(StoreException.class, () -> journal.append(new JournalRecord.RolledBack("tx2", T0)));
            StoreException e = assertThrows(StoreException.class, () -> journal.append(new JournalRecord.RolledBack("tx3", T0)));
            assertTrue(e.getMessage().contains("half-written record; restart to recover"), e.getMessage());
        }
        try (Journal journal = Journal.open(file, disk)) {
            assertEquals(1, journal.state().level().sequence(), "the restart cut the half record");
            journal.append(new JournalRecord.RolledBack("tx4", T0));
        }
    }

    @Test
    void aCutBackWhoseFsyncFailsAlsoRefusesFurtherAppends() {
        SimulatedDisk disk = new SimulatedDisk();
        try (Journal journal = Journal.open(Path.of("/d/journal.log"), disk)) {
            disk.failOn(Call.FORCE, new IOException("EIO"), new IOException("EIO on the cut"));
            assertThrows(StoreException.class, () -> journal.append(new JournalRecord.RolledBack("tx", T0)));
            assertThrows(StoreException.class, () -> journal.append(new JournalRecord.RolledBack("tx", T0)));
            assertEquals(2, disk.calls(Call.FORCE), "no write was tried while broken");
        }
    }

    @Test
    void aHugeForgedJournalIsRefusedUnread() throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(file().toFile(), "rw")) {
            sparse.setLength(Journal.MAX_BYTES + 1);
        }
        StoreException e = assertThrows(StoreException.class, () -> Journal.open(file()));
        assertTrue(e.getMessage().contains("is " + (Journal.MAX_BYTES + 1) + " bytes, more than the " + Journal.MAX_BYTES)
                && e.getMessage().contains("restore the journal from a backup"), e.getMessage());
        assertEquals(Journal.MAX_BYTES + 1, Files.size(file()), "nothing was cut");
    }

    @Test
    void aJournalOfExactlyTheLimitOpens() throws Exception {
        try (Journal journal = Journal.open(file())) {
            journal.append(new JournalRecord.RolledBack("tx", T0));
        }
        long size = Files.size(file());
        try (Journal journal = Journal.open(file(), FileLayer.system(), size)) {
            assertEquals(1, journal.recordCount());
            StoreException e = assertThrows(StoreException.class, () -> journal.append(new JournalRecord.RolledBack("t", T0)));
            assertTrue(e.getMessage().contains("would grow past " + size + " bytes"), e.getMessage());
        }
        assertThrows(StoreException.class, () -> Journal.open(file(), FileLayer.system(), size - 1));
    }

    @Test
    void aNearlyFullJournalRefusesNewSwapsButLetsTheOpenOneFinish() throws Exception {
        String line = RecordCodec.encode(new JournalRecord.RolledBack("tx", T0));
        long max = 8L * line.length();
        try (Journal journal = Journal.open(file(), FileLayer.system(), max)) {
            for (int i = 0; i < 6; i++) {
                journal.append(new JournalRecord.RolledBack("tx", T0));
            }
            journal.append(new JournalRecord.Intent("tx", T0, "p", List.of(), List.of()));
            assertTrue(journal.state().unfinished().isPresent(), "exactly a quarter left still takes an intent");
        }
        Files.delete(file());
        try (Journal journal = Journal.open(file(), FileLayer.system(), max)) {
            for (int i = 0; i < 7; i++) {
                journal.append(new JournalRecord.RolledBack("tx", T0));
            }
            StoreException e = assertThrows(StoreException.class,
                    () -> journal.append(new JournalRecord.Intent("tx2", T0, "p", List.of(), List.of())));
            assertTrue(e.getMessage().contains("is full (" + 7 * line.length() + " bytes)")
                    && e.getMessage().contains("new swap is refused"), e.getMessage());
            journal.append(new JournalRecord.RolledBack("tx", T0));
            assertEquals(max, Files.size(file()), "the reserve took the open swap's last record");
        }
    }

    @Test
    void closingLetsTheFileGo() {
        SimulatedDisk disk = new SimulatedDisk();
        Journal journal = Journal.open(Path.of("/d/journal.log"), disk);
        journal.append(new JournalRecord.RolledBack("tx", T0));
        assertEquals(1, disk.openHandles());
        journal.close();
        assertEquals(0, disk.openHandles());
    }

    @Test
    void aWellChecksummedRecordThatDoesNotParseIsDamageEvenAtTheEnd() throws Exception {
        try (Journal journal = Journal.open(file())) {
            journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
        }
        Files.writeString(file(), io.patchbay.framework.impl.store.CrcLines.frame("COMMIT\ttx\t1\t0\t-\t-"),
                StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file());
        StoreException e = assertThrows(StoreException.class, () -> Journal.open(file()));
        assertTrue(e.getMessage().contains("damaged at byte") && e.getMessage().contains("commit sequence 0"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file()), "nothing is cut on a guess");
    }

    @Test
    void theJournalNamesItsFile() {
        try (Journal journal = Journal.open(file())) {
            assertEquals(file(), journal.file());
        }
    }
}
