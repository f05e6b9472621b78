package io.patchbay.tuf.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.model.TargetFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safety protocol of every file the client keeps: the new bytes are forced to disk under a temporary name
 * while the real name still holds the old content, then renamed over it, then (now, or at the store's next sync)
 * the directory is synced so the rename itself survives a power cut. A failure leaves the old file and no debris.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void theNewBytesAreForcedBeforeTheRenameAndTheDirectorySyncedAfterIt() throws IOException {
        Path target = Files.writeString(dir.resolve("timestamp.json"), "old");
        RecordingDurability disk = new RecordingDurability().watching(target);
        new AtomicFiles(disk).write(target, bytes("new"));

        List<RecordingDurability.Step> steps = disk.steps();
        assertEquals(2, steps.size(), steps.toString());
        RecordingDurability.Step force = steps.get(0);
        assertEquals("force", force.kind());
        assertTrue(force.path().getFileName().toString().startsWith(".timestamp.json"), force.toString());
        assertEquals("new", force.content(), "the temporary file holds the new bytes when it is forced");
        assertEquals("old", force.watched(), "the real name still holds the old bytes until they are durable");
        RecordingDurability.Step sync = steps.get(1);
        assertEquals(List.of("sync", dir.toAbsolutePath()), List.of(sync.kind(), sync.path()));
        assertEquals("new", sync.watched(), "the directory is synced after the rename");
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aDeferredDirectorySyncForcesTheBytesOnly() throws IOException {
        Path target = dir.resolve("snapshot.json");
        RecordingDurability disk = new RecordingDurability().watching(target);
        AtomicFiles files = new AtomicFiles(disk);
        files.write(target, bytes("v1"), false);
        assertEquals(1, disk.forces());
        assertEquals(List.of(), disk.directorySyncs());
        files.syncDirectory(dir);
        assertEquals(List.of(dir), disk.directorySyncs());
        assertEquals("v1", Files.readString(target));
    }

    @Test
    void aFailedForceKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("targets.json"), "old");
        IOException full = new IOException("No space left on device");
        RecordingDurability disk = new RecordingDurability().watching(target).failingForce(full);
        IOException thrown = assertThrows(IOException.class, () -> new AtomicFiles(disk).write(target, bytes("new")));
        assertSame(full, thrown);
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), files(), "the temporary file was removed");
        assertEquals(List.of(), disk.directorySyncs());
    }

    @Test
    void theTargetStoreWritesEachTargetDurablyAtOnce() throws IOException {
        RecordingDurability disk = new RecordingDurability();
        DirectoryTargetStore store = new DirectoryTargetStore(dir, new AtomicFiles(disk));
        TargetFile target = new TargetFile("bundles/greeter.jar", 3, Map.of("sha256", "00"), null);
        store.store(target, bytes("jar"));
        assertEquals(1, disk.forces());
        assertEquals(List.of(dir.toAbsolutePath()), disk.directorySyncs());
        assertEquals("jar", new String(store.load(target).orElseThrow(), StandardCharsets.UTF_8));

        DirectoryTargetStore failing = new DirectoryTargetStore(dir,
                new AtomicFiles(new RecordingDurability().failingForce(new IOException("I/O error"))));
        LocalStorageException e = assertThrows(LocalStorageException.class, () -> failing.store(target, bytes("v2")));
        assertTrue(e.getMessage().contains("I/O error"), e.getMessage());
        assertEquals("jar", new String(store.load(target).orElseThrow(), StandardCharsets.UTF_8));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theReplacedFileIsOwnerOnlyAndNoTemporaryNameIsLeft() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        AtomicFiles files = new AtomicFiles(new RecordingDurability());
        for (int i = 0; i < 3; i++) {
            files.write(dir.resolve("timestamp.json"), bytes("v" + i));
            files.replace(dir.resolve("bin-" + i + ".json"), bytes("b" + i));
        }
        for (Path file : files()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        assertEquals(4, files().size(), files().toString());
    }
}
