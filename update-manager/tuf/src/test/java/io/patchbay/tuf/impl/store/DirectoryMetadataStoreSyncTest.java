package io.patchbay.tuf.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the store syncs its directory: once per {@link DirectoryMetadataStore#sync()} after timestamp or snapshot
 * was stored or a file was deleted, not again until the next change, never for root.json alone (written with its
 * directory synced at once) nor for deleting a file that was not there; and the bytes of those three are forced.
 * Targets roles, a verified cache, are neither forced nor synced.
 */
class DirectoryMetadataStoreSyncTest {

    @TempDir
    Path dir;

    private final RecordingDurability disk = new RecordingDurability();
    private final List<Path> syncs = new SyncView();

    private DirectoryMetadataStore store() {
        return new DirectoryMetadataStore(dir, new AtomicFiles(disk));
    }

    /** The directory syncs the recorder saw, read live. */
    private final class SyncView extends java.util.AbstractList<Path> {
        @Override
        public Path get(int index) {
            return disk.directorySyncs().get(index);
        }

        @Override
        public int size() {
            return disk.directorySyncs().size();
        }
    }

    @Test
    void nothingChangedNothingSynced() {
        store().sync();
        assertEquals(List.of(), syncs);
    }

    @Test
    void storedFilesAreSyncedOnceAtTheNextSync() {
        DirectoryMetadataStore store = store();
        store.store("timestamp", new byte[] {1});
        store.store("snapshot", new byte[] {2});
        assertEquals(List.of(), syncs, "no sync until asked");
        store.sync();
        assertEquals(List.of(dir.toAbsolutePath()), syncs);
        store.sync();
        assertEquals(1, syncs.size(), "nothing changed since");
        store.store("timestamp", new byte[] {3});
        store.sync();
        assertEquals(2, syncs.size());
        assertArrayEquals(new byte[] {3}, store.load("timestamp").orElseThrow());
        assertEquals(3, disk.forces(), "every baseline's bytes are forced when it is written");
    }

    @Test
    void targetsRolesAreReplacedByARenameButNeitherForcedNorSynced() {
        // A verified cache: every load is held to snapshot's version/length/hashes and the delegator's keys, so a
        // copy a power cut lost or tore is downloaded again (ClientEdgeCasesTest shows that on a torn file).
        DirectoryMetadataStore store = store();
        store.store("targets", new byte[] {1});
        store.store("bin-3", new byte[] {2});
        store.store("bin-3", new byte[] {3});
        store.sync();
        assertEquals(0, disk.forces());
        assertEquals(List.of(), syncs);
        assertArrayEquals(new byte[] {1}, store.load("targets").orElseThrow());
        assertArrayEquals(new byte[] {3}, store.load("bin-3").orElseThrow());
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of("bin-3.json", "targets.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rootAloneNeedsNoLaterSync() {
        DirectoryMetadataStore store = store();
        store.store("root", new byte[] {1});
        assertEquals(List.of(dir.toAbsolutePath()), syncs, "the trust anchor's rename is made durable at once");
        store.sync();
        assertEquals(1, syncs.size(), "and not again");
        assertArrayEquals(new byte[] {1}, store.load("root").orElseThrow());
    }

    @Test
    void onlyADeletionThatRemovedAFileIsSynced() {
        DirectoryMetadataStore store = store();
        store.delete("timestamp");
        store.sync();
        assertEquals(List.of(), syncs, "nothing was deleted");
        store.store("root", new byte[] {1});
        store.delete("root");
        store.sync();
        assertEquals(List.of(dir.toAbsolutePath(), dir.toAbsolutePath()), syncs, "root's own sync, then the deletion's");
        store.sync();
        assertEquals(2, syncs.size());
    }
}
