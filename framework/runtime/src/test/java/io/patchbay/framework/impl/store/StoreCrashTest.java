package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Power cuts at every point of a store write: the entry is whole or absent, and present once put returned. */
class StoreCrashTest {
    private static final Path DIR = Path.of("/data/store");
    private final byte[] content = "bundle bytes, long enough to be torn in the middle".getBytes(StandardCharsets.UTF_8);
    private final String hash = Sha256.hex(content);

    @Test
    void aPutIsWholeOrAbsentAtEveryCrashPointAndDurableOnReturn() throws Exception {
        int images = CrashPoints.everyCrashPoint(SimulatedDisk::new,
                disk -> new BundleStore(DIR, new DurableFiles(disk)).put(content),
                (image, returned) -> {
                    BundleStore store = new BundleStore(DIR, new DurableFiles(image));
                    if (returned) {
                        assertArrayEquals(content, store.get(hash), "put returned, so the entry survives");
                    } else if (store.contains(hash)) {
                        assertArrayEquals(content, store.get(hash), "never a torn entry");
                    }
                });
        assertTrue(images > 10, "images checked: " + images);
    }

    @Test
    void repairingATamperedEntryShowsTheTamperedOrTheRepairedBytesNeverNone() throws Exception {
        CrashPoints.everyCrashPoint(
                () -> new SimulatedDisk().plant(DIR.resolve(hash + ".jar"), "evil".getBytes(StandardCharsets.UTF_8)),
                disk -> new BundleStore(DIR, new DurableFiles(disk)).put(content),
                (image, returned) -> {
                    BundleStore store = new BundleStore(DIR, new DurableFiles(image));
                    assertTrue(store.contains(hash), "the rename replaces; it never leaves the name empty");
                    if (returned) {
                        assertArrayEquals(content, store.get(hash));
                    } else {
                        try {
                            assertArrayEquals(content, store.get(hash));
                        } catch (StoreException tampered) {
                            assertTrue(tampered.getMessage().contains("tampered"), tampered.getMessage());
                        }
                    }
                });
    }

    @Test
    void aCrashLeavesAtMostATemporaryFileThatCollectionRemoves() throws Exception {
        CrashPoints.everyCrashPoint(SimulatedDisk::new,
                disk -> new BundleStore(DIR, new DurableFiles(disk)).put(content),
                (image, returned) -> {
                    BundleStore store = new BundleStore(DIR, new DurableFiles(image));
                    store.retainOnly(Set.of(hash));
                    for (Path file : image.files()) {
                        assertEquals(DIR.resolve(hash + ".jar"), file);
                    }
                });
    }

    @Test
    void aFailedWriteRemovesItsTemporaryFileAndKeepsTheFailure() throws Exception {
        SimulatedDisk disk = new SimulatedDisk().failOn(SimulatedDisk.Call.FORCE, new IOException("EIO"));
        BundleStore store = new BundleStore(DIR, new DurableFiles(disk));
        StoreException e = assertThrows(StoreException.class, () -> store.put(content));
        assertTrue(e.getMessage().contains("EIO"), e.getMessage());
        assertEquals(0, disk.files().size(), "no temporary file left: " + disk.files());
        assertFalse(store.contains(hash));
    }

    @Test
    void aFailedCleanupIsReportedWithTheFailure() {
        SimulatedDisk disk = new SimulatedDisk()
                .failOn(SimulatedDisk.Call.MOVE, new IOException("rename failed"))
                .failOn(SimulatedDisk.Call.DELETE, new IOException("delete failed"));
        StoreException e = assertThrows(StoreException.class, () -> new BundleStore(DIR, new DurableFiles(disk)).put(content));
        assertEquals("delete failed", e.getCause().getSuppressed()[0].getMessage());
    }

    @Test
    void aFailedDirectorySyncFailsThePut() {
        SimulatedDisk disk = new SimulatedDisk().failOn(SimulatedDisk.Call.SYNC_DIRECTORY, new IOException("EIO on dir"));
        StoreException e = assertThrows(StoreException.class, () -> new BundleStore(DIR, new DurableFiles(disk)).put(content));
        assertTrue(e.getMessage().contains("EIO on dir"), e.getMessage());
    }

    @Test
    void theStoreReadsThroughItsLayer() throws IOException {
        SimulatedDisk disk = new SimulatedDisk().plant(DIR.resolve(hash + ".jar"), content);
        DurableFiles files = new DurableFiles(disk);
        assertArrayEquals(content, files.read(DIR.resolve(hash + ".jar")));
        assertTrue(files.exists(DIR.resolve(hash + ".jar")));
        assertEquals(1, files.list(DIR).size());
        files.delete(DIR.resolve(hash + ".jar"));
        assertFalse(files.exists(DIR.resolve(hash + ".jar")));
        assertEquals(Integer.MAX_VALUE - 8, DurableFiles.MAX_ENTRY_BYTES);
    }
}
