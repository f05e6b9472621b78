package io.patchbay.framework.impl.journal;

import static io.patchbay.framework.impl.journal.JournalFixture.T0;
import static io.patchbay.framework.impl.journal.JournalFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.store.CrashPoints;
import io.patchbay.framework.impl.store.SimulatedDisk;
import io.patchbay.framework.impl.store.SimulatedDisk.Call;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Power cuts at every point of every durable journal operation. After each, the journal reopens (never corrupt)
 * in exactly the state before or after the operation, and in the state after once the operation returned.
 */
class JournalCrashTest {
    private static final Path FILE = Path.of("/data/journal.log");

    private static JournalRecord.Intent intent(String tx, String version) {
        return new JournalRecord.Intent(tx, T0, "patch " + tx, List.of(), List.of(record("a", version)));
    }

    /** A settled disk holding a journal after {@code history} ran. */
    private static Supplier<SimulatedDisk> diskAfter(Consumer<Journal> history) {
        SimulatedDisk disk = new SimulatedDisk();
        try (Journal journal = Journal.open(FILE, disk)) {
            history.accept(journal);
        }
        return disk::copy;
    }

    private static JournalState stateOf(SimulatedDisk disk) {
        try (Journal journal = Journal.open(FILE, disk)) {
            return journal.state();
        }
    }

    /** Runs {@code step} at every crash point after {@code before} and checks old-or-new, new once returned. */
    private static void checkStep(Consumer<Journal> before, Consumer<Journal> step) throws Exception {
        Supplier<SimulatedDisk> setup = diskAfter(before);
        JournalState old = stateOf(setup.get());
        SimulatedDisk reference = setup.get();
        JournalState expected;
        try (Journal journal = Journal.open(FILE, reference)) {
            step.accept(journal);
            expected = journal.state();
        }
        int images = CrashPoints.everyCrashPoint(setup, disk -> {
            try (Journal journal = Journal.open(FILE, disk)) {
                step.accept(journal);
            }
        }, (image, returned) -> {
            JournalState after = stateOf(image);
            if (returned) {
                assertEquals(expected, after, "the operation returned, so its record is durable");
            } else {
                assertTrue(after.equals(old) || after.equals(expected), "neither old nor new: " + after);
            }
            try (Journal again = Journal.open(FILE, image)) {
                again.append(intent("probe", "9.0.0"));
            }
            assertEquals("probe", stateOf(image).unfinished().orElseThrow().transactionId(),
                    "a journal reopened after a cut takes appends and keeps them");
        });
        assertTrue(images > 0);
    }

    @Test
    void theFirstAppendToANewJournalSurvives() throws Exception {
        checkStep(j -> { }, j -> j.append(intent("tx1", "1.0.0")));
    }

    @Test
    void creatingAnEmptyJournalIsDurable() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        Journal.open(FILE, disk).close();
        for (SimulatedDisk image : disk.images()) {
            assertTrue(image.files().contains(FILE), "the journal's creation was synced");
        }
    }

    @Test
    void everyRecordTypeIsOldOrNewAtEveryCrashPoint() throws Exception {
        Consumer<Journal> committed = j -> j.append(j.nextCommit("tx1", T0, List.of(record("a", "1.0.0"))));
        checkStep(committed, j -> j.append(intent("tx2", "2.0.0")));
        Consumer<Journal> open = committed.andThen(j -> j.append(intent("tx2", "2.0.0")));
        checkStep(open, j -> j.append(j.nextCommit("tx2", T0, List.of(record("a", "2.0.0")))));
        checkStep(open, j -> j.append(new JournalRecord.RolledBack("tx2", T0)));
    }

    @Test
    void compactionKeepsTheStateAtEveryCrashPoint() throws Exception {
        Consumer<Journal> long_ = j -> {
            for (int i = 1; i <= Journal.COMPACT_AFTER; i++) {
                j.append(intent("tx" + i, i + ".0.0"));
                j.append(j.nextCommit("tx" + i, T0.plusSeconds(i), List.of(record("a", i + ".0.0"))));
            }
        };
        checkStep(long_, j -> j.compactIfNeeded(() -> { }));
        checkStep(long_, j -> {
            j.compactIfNeeded(() -> { });
            j.append(intent("after", "99.0.0"));
        });
    }

    @Test
    void aTornTailIsCutAndTheNextAppendIsDurable() throws Exception {
        Supplier<SimulatedDisk> torn = () -> {
            SimulatedDisk disk = diskAfter(j -> j.append(intent("tx1", "1.0.0"))).get();
            byte[] good = disk.content(FILE);
            byte[] withTail = new byte[good.length + 7];
            System.arraycopy(good, 0, withTail, 0, good.length);
            System.arraycopy("1234abc".getBytes(StandardCharsets.US_ASCII), 0, withTail, good.length, 7);
            return new SimulatedDisk().plant(FILE, withTail);
        };
        JournalState old = stateOf(torn.get());
        CrashPoints.everyCrashPoint(torn, disk -> {
            try (Journal journal = Journal.open(FILE, disk)) {
                journal.append(new JournalRecord.RolledBack("tx1", T0));
            }
        }, (image, returned) -> {
            JournalState after = stateOf(image);
            if (returned) {
                assertTrue(after.unfinished().isEmpty(), "the rollback record is durable");
            } else {
                assertTrue(after.equals(old) || after.unfinished().isEmpty(), after.toString());
            }
        });
    }

    @Test
    void anAppendWhoseFsyncFailedNeverResurfaces() throws Exception {
        SimulatedDisk disk = diskAfter(j -> j.append(intent("tx1", "1.0.0"))).get();
        JournalState old = stateOf(disk);
        try (Journal journal = Journal.open(FILE, disk)) {
            disk.failOn(Call.FORCE, new IOException("EIO"));
            StoreException e = assertThrows(StoreException.class,
                    () -> journal.append(journal.nextCommit("tx1", T0, List.of(record("a", "1.0.0")))));
            assertTrue(e.getMessage().contains("EIO"), e.getMessage());
            assertEquals(old, journal.state(), "the failed record does not count");
        }
        for (SimulatedDisk image : disk.images()) {
            assertEquals(old, stateOf(image), "the written but unsynced commit was cut back durably");
        }
    }

    @Test
    void afterACompactionWhoseDirectorySyncFailedTheNextAppendIsStillDurable() throws Exception {
        SimulatedDisk disk = diskAfter(j -> {
            for (int i = 0; i <= Journal.COMPACT_AFTER; i++) {
                j.append(j.nextCommit("tx" + i, T0, List.of(record("a", i + ".0.0"))));
            }
        }).get();
        try (Journal journal = Journal.open(FILE, disk)) {
            disk.failOn(Call.SYNC_DIRECTORY, new IOException("EIO on directory"));
            StoreException e = assertThrows(StoreException.class, () -> journal.compactIfNeeded(() -> { }));
            assertTrue(e.getMessage().contains("EIO on directory"), e.getMessage());
            journal.append(intent("next", "100.0.0"));
        }
        for (SimulatedDisk image : disk.images()) {
            assertEquals("next", stateOf(image).unfinished().orElseThrow().transactionId(),
                    "the append synced the compaction's rename before writing to the new file");
        }
    }

    @Test
    void aDirectorySyncThatKeepsFailingRefusesAppendsUntilItWorks() {
        SimulatedDisk disk = diskAfter(j -> {
            for (int i = 0; i <= Journal.COMPACT_AFTER; i++) {
                j.append(j.nextCommit("tx" + i, T0, List.of(record("a", i + ".0.0"))));
            }
        }).get();
        try (Journal journal = Journal.open(FILE, disk)) {
            disk.failOn(Call.SYNC_DIRECTORY, new IOException("EIO 1"), new IOException("EIO 2"));
            assertThrows(StoreException.class, () -> journal.compactIfNeeded(() -> { }));
            StoreException e = assertThrows(StoreException.class, () -> journal.append(intent("next", "1.0.0")));
            assertTrue(e.getMessage().contains("not writable") && e.getMessage().contains("EIO 2"), e.getMessage());
            assertTrue(journal.state().unfinished().isEmpty());
            journal.append(intent("later", "1.0.0"));
            assertEquals("later", journal.state().unfinished().orElseThrow().transactionId());
        }
    }
}
