package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production layer on a real file system. Whether data is really fsynced cannot be seen without pulling the
 * plug, so the channels are wrapped to record every {@code force}: removing one from the layer fails a test here,
 * as removing one from its users fails a crash test.
 */
class NioFileLayerTest {
    @TempDir
    Path dir;

    private final List<String> forced = new ArrayList<>();
    private final NioFileLayer layer = new NioFileLayer(this::recordingOpen, true, false);

    private FileChannel recordingOpen(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        return new Recording(path, FileChannel.open(path, options, attributes));
    }

    @Test
    void forceSyncsDataAndMetadata() throws IOException {
        Path file = dir.resolve("f");
        try (FileLayer.Handle handle = layer.open(file)) {
            handle.write(0, bytes("hello"));
            handle.force();
        }
        assertEquals(List.of(file + " metadata=true"), forced);
    }

    @Test
    void syncDirectoryForcesTheDirectory() throws IOException {
        layer.syncDirectory(dir);
        assertEquals(List.of(dir + " metadata=true"), forced);
    }

    @Test
    void createDirectoriesSyncsTheParentOfEachDirectoryItCreates() throws IOException {
        Path deep = dir.resolve("a").resolve("b");
        layer.createDirectories(deep);
        assertTrue(Files.isDirectory(deep));
        assertEquals(List.of(dir + " metadata=true", dir.resolve("a") + " metadata=true"), forced);
        forced.clear();
        layer.createDirectories(deep);
        assertEquals(List.of(), forced, "nothing created, nothing to sync");
    }

    @Test
    void createDirectoriesRefusesAFileInTheWay() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        assertThrows(IOException.class, () -> layer.createDirectories(dir.resolve("file").resolve("sub")));
    }

    @Test
    void aDirectoryThatCannotBeSyncedFailsExceptOnWindows() {
        Path missing = dir.resolve("missing");
        assertThrows(NoSuchFileException.class, () -> layer.syncDirectory(missing));
        NioFileLayer windows = new NioFileLayer(this::recordingOpen, false, true);
        Assertions.doesNotThrow(() -> windows.syncDirectory(missing));
    }

    @Test
    void newFilesAreOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path opened = dir.resolve("opened");
        Path created = dir.resolve("created");
        layer.open(opened).close();
        layer.createNew(created).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(opened)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        Path plain = dir.resolve("plain");
        new NioFileLayer(FileChannel::open, false, false).open(plain).close();
        assertTrue(Files.exists(plain), "without POSIX attributes the file is still created");
    }

    @Test
    void createNewRefusesAnExistingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "old");
        assertThrows(FileAlreadyExistsException.class, () -> layer.createNew(file));
        assertEquals("old", Files.readString(file));
    }

    @Test
    void handlesWriteReadTruncateAtPositions() throws IOException {
        Path file = dir.resolve("f");
        try (FileLayer.Handle handle = layer.open(file)) {
            handle.write(0, bytes("hello world"));
            handle.write(6, bytes("WORLD!"));
            assertEquals(12, handle.size());
            assertArrayEquals(bytes("WORLD"), handle.read(6, 5));
            handle.truncate(5);
            assertEquals(5, handle.size());
            assertThrows(EOFException.class, () -> handle.read(0, 6));
        }
        try (FileLayer.Handle reopened = layer.open(file)) {
            assertArrayEquals(bytes("hello"), reopened.read(0, 5), "open keeps existing content");
        }
    }

    @Test
    void readRefusesAFileAboveTheLimitWithoutReadingIt() throws IOException {
        Path file = dir.resolve("huge");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        IOException e = assertThrows(IOException.class, () -> layer.read(file, 1 << 20));
        assertTrue(e.getMessage().contains("more than the 1048576 allowed"), e.getMessage());
        Path small = Files.writeString(dir.resolve("small"), "12345");
        assertArrayEquals(bytes("12345"), layer.read(small, 5), "exactly the limit is allowed");
        assertThrows(IOException.class, () -> layer.read(small, 4));
    }

    @Test
    void moveReplacesAtomicallyAndTheRestWorksOnPlainFiles() throws IOException {
        Path from = Files.writeString(dir.resolve("from"), "new");
        Path to = Files.writeString(dir.resolve("to"), "old");
        Files.createDirectory(dir.resolve("subdir"));
        layer.move(from, to);
        assertEquals("new", Files.readString(to));
        assertFalse(layer.exists(from));
        assertTrue(layer.exists(to));
        assertFalse(layer.exists(dir.resolve("subdir")), "a directory is not a file");
        assertEquals(List.of(to), layer.list(dir));
        assertEquals(List.of(), layer.list(dir.resolve("missing")));
        layer.delete(to);
        layer.delete(to);
        assertFalse(Files.exists(to));
    }

    @Test
    void theSystemLayerIsThisOne() throws IOException {
        assertTrue(FileLayer.system() instanceof NioFileLayer);
        Path file = dir.resolve("f");
        FileLayer.system().open(file).close();
        FileLayer.system().syncDirectory(dir);
        assertTrue(Files.exists(file));
    }

    @Test
    void partialReadsAndWritesAreCompleted() throws IOException {
        NioFileLayer trickling = new NioFileLayer((path, options, attributes) ->
                new Trickle(FileChannel.open(path, options, attributes)), true, false);
        Path file = dir.resolve("f");
        try (FileLayer.Handle handle = trickling.open(file)) {
            handle.write(4, bytes("0123456789"));
            assertArrayEquals(bytes("56789"), handle.read(9, 5));
        }
        assertArrayEquals(bytes("\0\0\0\0" + "0123456789"), Files.readAllBytes(file));
        assertArrayEquals(bytes("\0\0\0\0" + "0123456789"), trickling.read(file, 100));
    }

    @Test
    void aClosedHandleIsClosed() throws IOException {
        FileLayer.Handle handle = layer.open(dir.resolve("f"));
        handle.close();
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> handle.size());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Assertions {
        static void doesNotThrow(org.junit.jupiter.api.function.Executable e) {
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
        }
    }

    /** Reads and writes at most three bytes per call, as a channel may. */
    private final class Trickle extends Recording {
        Trickle(FileChannel delegate) {
            super(null, delegate);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            ByteBuffer slice = dst.slice();
            slice.limit(Math.min(3, slice.remaining()));
            int n = super.read(slice, position);
            dst.position(dst.position() + Math.max(0, n));
            return n;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            ByteBuffer slice = src.slice();
            slice.limit(Math.min(3, slice.remaining()));
            int n = super.write(slice, position);
            src.position(src.position() + n);
            return n;
        }
    }

    /** Delegates, recording forces. */
    private class Recording extends FileChannel {
        private final Path path;
        private final FileChannel delegate;

        Recording(Path path, FileChannel delegate) {
            this.path = path;
            this.delegate = delegate;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forced.add(path + " metadata=" + metaData);
            delegate.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
