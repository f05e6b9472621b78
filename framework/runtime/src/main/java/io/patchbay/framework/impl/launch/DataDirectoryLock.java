package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.PatchbayException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One runtime per data directory: two writers of the same journal would each believe their own patch level. The OS
 * releases the lock when the process dies, so a crash never leaves the directory locked.
 *
 * <p>POSIX record locks belong to the process, and closing <em>any</em> descriptor of the file releases all of them.
 * So a second attempt inside the same JVM must never open the lock file at all: a registry of the directories this
 * JVM holds answers it first, by the directory's real path (so another spelling or a symbolic link is the same
 * directory).
 */
final class DataDirectoryLock implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean released = new AtomicBoolean();

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path dataDirectory) {
        Path real;
        try {
            Files.createDirectories(dataDirectory);
            real = dataDirectory.toRealPath();
        } catch (IOException e) {
            throw new PatchbayException("cannot lock data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
        if (!HELD_IN_THIS_JVM.add(real)) {
            throw new PatchbayException("data directory " + real + " is in use by another Patchbay runtime in this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(real.resolve("patchbay.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new PatchbayException("data directory " + real + " is in use by another Patchbay process");
            }
            return new DataDirectoryLock(real, channel, lock);
        } catch (IOException | RuntimeException e) {
            // no other descriptor of this file is open in this JVM (the registry says so), so closing ours is safe
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(real);
            if (e instanceof PatchbayException p) {
                throw p;
            }
            throw new PatchbayException("cannot lock data directory " + real + ": " + e.getMessage(), e);
        }
    }

    Path directory() {
        return directory;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    /** Idempotent: a second close must not drop the registry entry of a runtime that locked the directory since. */
    @Override
    public void close() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
        HELD_IN_THIS_JVM.remove(directory);
    }
}
