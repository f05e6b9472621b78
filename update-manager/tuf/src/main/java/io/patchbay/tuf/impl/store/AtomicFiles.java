package io.patchbay.tuf.impl.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-to-temp, fsync, atomic rename: a crash leaves either the old file or the complete new one. What makes bytes
 * durable is a {@link Durability}: the real disk, or in tests a recorder, because an fsync that is left out or comes
 * after the rename changes nothing a test could read back, only what survives a power cut.
 */
final class AtomicFiles {

    /** The two durability steps: the file's bytes, and the directory entry a rename or delete changed. */
    interface Durability {
        void force(FileChannel channel, Path file) throws IOException;

        void syncDirectory(Path dir);
    }

    /** The real disk. A directory cannot be opened on every platform; there its sync is skipped. */
    static final Durability DISK = new Durability() {
        @Override
        public void force(FileChannel channel, Path file) throws IOException {
            channel.force(true);
        }

        @Override
        public void syncDirectory(Path dir) {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // best effort
            }
        }
    };

    static final AtomicFiles ON_DISK = new AtomicFiles(DISK);

    /**
     * Temporary names: unique per process and call (Files.createTempFile's random names cost a one-shot client call
     * a SecureRandom and a few hundred microseconds per file). CREATE_NEW refuses a name that exists, so a file or
     * link planted under it is never written through.
     */
    private static final AtomicLong TEMP_NAMES = new AtomicLong(System.nanoTime());
    private static final Set<StandardOpenOption> NEW_FILE = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<?>[] OWNER_ONLY =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};

    private final Durability durability;

    AtomicFiles(Durability durability) {
        this.durability = Objects.requireNonNull(durability, "durability");
    }

    /** Writes {@code target} durably, its directory entry included. */
    void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true);
    }

    /**
     * @param syncDirectory also make the rename durable now (else the caller syncs the directory later,
     *                      with {@link #syncDirectory}; until then a crash may leave the old file)
     */
    void write(Path target, byte[] bytes, boolean syncDirectory) throws IOException {
        write(target, bytes, true, syncDirectory);
    }

    /**
     * Replaced by a rename, like {@link #write}, but neither the bytes nor the rename are forced: readers see the
     * old or the new file, never a mix, while the system runs; after a power cut the file may hold either, or be
     * torn (for files that are checked on every read, as a cache is).
     */
    void replace(Path target, byte[] bytes) throws IOException {
        write(target, bytes, false, false);
    }

    private void write(Path target, byte[] bytes, boolean force, boolean syncDirectory) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = null;
        FileChannel created = null;
        for (int attempt = 0; created == null; attempt++) {
            temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(TEMP_NAMES.incrementAndGet(), 36)
                    + ".tmp");
            try {
                created = FileChannel.open(temp, NEW_FILE, ownerOnly(temp));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
                // another writer's (or a crashed run's) file of that name: take the next one
            }
        }
        boolean moved = false;
        try {
            try (FileChannel channel = created) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (force) {
                    // before the rename: otherwise a crash can leave the new name pointing at unwritten blocks
                    durability.force(channel, temp);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            if (syncDirectory) {
                syncDirectory(dir);
            }
        } finally {
            if (!moved) {
                // (after a rename the temporary name is gone: no second system call that can only fail)
                Files.deleteIfExists(temp);
            }
        }
    }

    /** rw------- (what Files.createTempFile gave) where the file system knows POSIX permissions. */
    static FileAttribute<?>[] ownerOnly(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix") ? OWNER_ONLY.clone()
                : new FileAttribute<?>[0];
    }

    /** Makes renames and deletions in {@code dir} durable. */
    void syncDirectory(Path dir) {
        durability.syncDirectory(dir);
    }
}
