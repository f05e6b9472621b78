package io.patchbay.tuf.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.FetchResponse;
import io.patchbay.tuf.api.LocalStorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unfinished download's two files: the order of deletes and tag writes a crash depends on, what counts as a
 * tag, and that every file-system failure surfaces as a LocalStorageException naming the file.
 */
class FilePartialTest {

    @TempDir
    Path dir;

    private final RecordingDurability durability = new RecordingDurability();

    private FilePartial partial() {
        return new FilePartial(dir.resolve("t#partial"), dir.resolve("t#etag"), new AtomicFiles(durability));
    }

    @Test
    void freshPartialHasNothing() {
        FilePartial partial = partial();
        assertEquals(0, partial.length());
        assertNull(partial.etag());
        assertArrayEquals(new byte[0], partial.read());
    }

    @Test
    void appendedBytesAreCountedWhileOpenAndReadBackAfterClose() throws Exception {
        FilePartial partial = partial();
        partial.restart("\"v1\"");
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        partial.append(data, 2, 5);
        assertEquals(5, partial.length(), "size of the open channel");
        partial.append(data, 0, 1);
        assertEquals(6, partial.length());
        assertArrayEquals("234560".getBytes(StandardCharsets.US_ASCII), partial.read());
        assertEquals(6, partial.length(), "size of the file once closed");
        assertEquals("\"v1\"", partial.etag());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("t#partial"))));
        // a second instance (the next process) resumes the same bytes and tag
        FilePartial next = partial();
        assertEquals(6, next.length());
        assertEquals("\"v1\"", next.etag());
    }

    @Test
    void restartDeletesTheOldBytesBeforeWritingTheNewTag() throws Exception {
        FilePartial partial = partial();
        partial.restart("\"v1\"");
        partial.append(new byte[] {1, 2, 3}, 0, 3);
        durability.watching(dir.resolve("t#partial"));
        int mark = durability.steps().size();
        partial.restart("\"v2\"");
        assertFalse(Files.exists(dir.resolve("t#partial")), "bytes of v1 are gone");
        assertEquals("\"v2\"", partial.etag());
        assertEquals(0, partial.length());
        // the deletion is made durable (directory sync) before the new tag is forced
        List<RecordingDurability.Step> steps = durability.steps().subList(mark, durability.steps().size());
        assertEquals("sync", steps.get(0).kind(), steps.toString());
        assertEquals(dir.toAbsolutePath(), steps.get(0).path());
        assertNull(steps.get(0).watched(), "old bytes deleted before the first durability step");
        assertEquals(1, steps.stream().filter(s -> s.kind().equals("force")).count(), "then the new tag is forced: " + steps);
    }

    @Test
    void restartWithoutATagLeavesNoTag() {
        FilePartial partial = partial();
        partial.restart("\"v1\"");
        partial.append(new byte[] {1}, 0, 1);
        partial.restart(null);
        assertNull(partial.etag());
        assertFalse(Files.exists(dir.resolve("t#etag")));
        assertFalse(Files.exists(dir.resolve("t#partial")));
    }

    @Test
    void discardDeletesBothFilesAndSyncsTheDirectoryOnlyWhenSomethingWasDeleted() throws Exception {
        FilePartial partial = partial();
        partial.discard();
        assertEquals(List.of(), durability.directorySyncs(), "nothing deleted, nothing to sync");

        Files.writeString(dir.resolve("t#etag"), "\"v1\"");
        partial.discard();
        assertEquals(List.of(dir.toAbsolutePath()), durability.directorySyncs(), "only the tag existed");
        assertFalse(Files.exists(dir.resolve("t#etag")));

        partial.append(new byte[] {9}, 0, 1);
        partial.discard();
        assertFalse(Files.exists(dir.resolve("t#partial")));
        assertEquals(2, durability.directorySyncs().size());
        // the channel was closed by discard: a new append starts a new file
        partial.append(new byte[] {7}, 0, 1);
        assertArrayEquals(new byte[] {7}, partial.read());
    }

    @Test
    void aTagThatIsTooLongMalformedOrUnreadableIsNoTag() throws Exception {
        FilePartial partial = partial();
        Path tag = dir.resolve("t#etag");
        String longest = "\"" + "a".repeat(FetchResponse.MAX_ETAG_LENGTH - 2) + "\"";
        Files.writeString(tag, longest);
        assertEquals(longest, partial.etag(), "the longest well-formed tag is kept");
        Files.writeString(tag, "\"" + "a".repeat(FetchResponse.MAX_ETAG_LENGTH) + "\"");
        assertNull(partial.etag(), "longer than any tag we keep");
        Files.write(tag, new byte[20_000]);
        assertNull(partial.etag(), "a huge file is not read");
        Files.writeString(tag, "v1 no quotes");
        assertNull(partial.etag());
        Files.write(tag, new byte[] {'"', (byte) 0xff, '"'});
        assertNull(partial.etag(), "not ASCII");
        Files.delete(tag);
        Files.createDirectory(tag);
        assertNull(partial.etag(), "a directory where the tag should be");
    }

    @Test
    void fileSystemFailuresNameTheFile() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where a directory should be");
        FilePartial broken = new FilePartial(blocker.resolve("t#partial"), blocker.resolve("t#etag"), new AtomicFiles(durability));
        LocalStorageException append = assertThrows(LocalStorageException.class, () -> broken.append(new byte[1], 0, 1));
        assertTrue(append.getMessage().contains("cannot write " + blocker.resolve("t#partial")), append.getMessage());
        LocalStorageException tag = assertThrows(LocalStorageException.class, () -> broken.restart("\"v\""));
        assertTrue(tag.getMessage().startsWith("cannot "), tag.getMessage());
        LocalStorageException size = assertThrows(LocalStorageException.class, broken::length);
        assertTrue(size.getMessage().contains("cannot read " + blocker.resolve("t#partial")), size.getMessage());

        Path asDirectory = dir.resolve("d#partial");
        Files.createDirectories(asDirectory.resolve("child"));
        FilePartial directory = new FilePartial(asDirectory, dir.resolve("d#etag"), new AtomicFiles(durability));
        LocalStorageException read = assertThrows(LocalStorageException.class, directory::read);
        assertTrue(read.getMessage().contains("cannot read " + asDirectory), read.getMessage());
        LocalStorageException delete = assertThrows(LocalStorageException.class, directory::discard);
        assertTrue(delete.getMessage().contains("cannot delete " + asDirectory), delete.getMessage());
    }

    @Test
    void closeIsIdempotent() {
        FilePartial partial = partial();
        partial.close();
        partial.append(new byte[] {1, 2}, 0, 2);
        partial.close();
        partial.close();
        assertEquals(2, partial.length());
    }

    @Test
    void readAndCloseLeaveNoDescriptorOpen() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc (Linux)");
        Path file = dir.resolve("t#partial").toAbsolutePath();
        FilePartial partial = partial();
        partial.append(new byte[] {1}, 0, 1);
        assertEquals(1, openDescriptors(fds, file), "the append channel is open");
        partial.read();
        assertEquals(0, openDescriptors(fds, file), "read closes it");
        partial.append(new byte[] {2}, 0, 1);
        partial.close();
        assertEquals(0, openDescriptors(fds, file), "close closes it");
    }

    private static long openDescriptors(Path fds, Path file) throws Exception {
        try (var links = Files.list(fds)) {
            return links.filter(link -> {
                try {
                    return Files.readSymbolicLink(link).equals(file);
                } catch (Exception e) {
                    return false; // the listing's own descriptor, gone by now
                }
            }).count();
        }
    }

    @Test
    void storesKeepBoundedNotesAndPartialsOnly() throws Exception {
        DirectoryMetadataStore metadata = new DirectoryMetadataStore(dir, new AtomicFiles(durability));
        Path note = metadata.fetchNoteOf("timestamp");
        Files.writeString(note, "n".repeat(1024));
        assertEquals(1024, metadata.loadFetchNote("timestamp").orElseThrow().length(), "a note of the largest size");
        Files.writeString(note, "n".repeat(1025));
        assertTrue(metadata.loadFetchNote("timestamp").isEmpty(), "a larger note is not read");

        DirectoryTargetStore targets = new DirectoryTargetStore(dir, new AtomicFiles(durability));
        String longest = "a".repeat(DirectoryTargetStore.MAX_NAME_WITH_PARTIAL);
        assertTrue(targets.partial(new io.patchbay.tuf.api.model.TargetFile(longest, 1, java.util.Map.of("sha256", "00"), null))
                .isPresent());
        assertTrue(targets.partial(new io.patchbay.tuf.api.model.TargetFile(longest + "a", 1, java.util.Map.of("sha256", "00"), null))
                .isEmpty(), "too long to take the suffixes: not resumed");
    }

    /** A file system without POSIX permissions (here a zip file's; on Windows the disk's) still keeps the bytes. */
    @Test
    void aFileSystemWithoutPosixPermissionsKeepsTheBytesToo() throws Exception {
        try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(dir.resolve("partials.zip"),
                java.util.Map.of("create", "true"))) {
            assertFalse(zip.supportedFileAttributeViews().contains("posix"));
            Path bytes = zip.getPath("/downloads/t#partial");
            FilePartial partial = new FilePartial(bytes, zip.getPath("/downloads/t#etag"), new AtomicFiles(durability));
            partial.append("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
            partial.append("def".getBytes(StandardCharsets.US_ASCII), 1, 2);
            assertEquals(5, partial.length());
            assertArrayEquals("abcef".getBytes(StandardCharsets.US_ASCII), partial.read());
            assertTrue(Files.exists(bytes));
            partial.discard();
            assertFalse(Files.exists(bytes));
            assertEquals(0, partial.length());
        }
    }
}
