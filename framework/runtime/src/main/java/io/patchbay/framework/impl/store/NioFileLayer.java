package io.patchbay.framework.impl.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@link FileLayer} on {@code java.nio}: the production file system. */
final class NioFileLayer implements FileLayer {
    static final NioFileLayer INSTANCE = new NioFileLayer(FileChannel::open, isPosix(), isWindows());

    /** How a channel is opened; a test substitutes one that records what is forced. */
    interface Channels {
        FileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes) throws IOException;
    }

    private static final FileAttribute<?>[] OWNER_ONLY = {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    private static final FileAttribute<?>[] NONE = {};

    private final Channels channels;
    private final boolean posix;
    private final boolean windows;

    NioFileLayer(Channels channels, boolean posix, boolean windows) {
        this.channels = channels;
        this.posix = posix;
        this.windows = windows;
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
    }

    @Override
    public Handle open(Path file) throws IOException {
        return new NioHandle(channels.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), ownerOnly()));
    }

    @Override
    public Handle createNew(Path file) throws IOException {
        return new NioHandle(channels.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), ownerOnly()));
    }

    private FileAttribute<?>[] ownerOnly() {
        return posix ? OWNER_ONLY : NONE;
    }

    @Override
    public boolean exists(Path file) {
        return Files.isRegularFile(file);
    }

    @Override
    public byte[] read(Path file, long limit) throws IOException {
        try (FileChannel channel = channels.open(file, Set.of(StandardOpenOption.READ))) {
            long size = channel.size();
            if (size > limit) {
                throw new IOException(file + " is " + size + " bytes, more than the " + limit + " allowed");
            }
            return readFully(channel, 0, (int) size);
        }
    }

    static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) == -1) {
                throw new EOFException("file ended after " + buffer.position() + " of " + length + " bytes");
            }
        }
        return buffer.array();
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " atomically", e);
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = channels.open(dir, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; NTFS makes metadata changes durable without it
            if (!windows) {
                throw e;
            }
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            syncDirectory(p.getParent());
        }
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    private static final class NioHandle implements Handle {
        private final FileChannel channel;

        NioHandle(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public byte[] read(long position, int length) throws IOException {
            return readFully(channel, position, length);
        }

        @Override
        public void write(long position, byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer, position + buffer.position());
            }
        }

        @Override
        public void force() throws IOException {
            // metadata too: an append changes the file's size, without which the new bytes are unreachable
            channel.force(true);
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
