package io.patchbay.framework.impl.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.store.FileLayer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Records, the state they replay to, damage found on reading, and the journal's byte limit. */
class JournalTest extends JournalFixture {
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
