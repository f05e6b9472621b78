package io.patchbay.framework.impl.journal;

import static io.patchbay.framework.impl.journal.JournalFixture.T0;
import static io.patchbay.framework.impl.journal.JournalFixture.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.store.SimulatedDisk;
import io.patchbay.framework.impl.store.SimulatedDisk.Call;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failed writes on a simulated disk: nothing half-applied, and a journal that cannot cut back refuses more. */
class JournalWriteFailureTest {
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
    void closingLetsTheFileGo() {
        SimulatedDisk disk = new SimulatedDisk();
        Journal journal = Journal.open(Path.of("/d/journal.log"), disk);
        journal.append(new JournalRecord.RolledBack("tx", T0));
        assertEquals(1, disk.openHandles());
        journal.close();
        assertEquals(0, disk.openHandles());
    }
}
