package io.patchbay.framework.impl.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file-system primitives all durable local state is built from (store entries, the journal, the swap history).
 * They are behind an interface so that tests can run the real code on a simulated disk that loses, at a "power
 * cut", everything that was not made durable: file data not {@link Handle#force() forced}, and creates, renames and
 * deletes not followed by {@link #syncDirectory}. The production layer is {@link #system()}.
 */
public interface FileLayer {

    /** The real file system. */
    static FileLayer system() {
        return NioFileLayer.INSTANCE;
    }

    /**
     * Opens {@code file} for reading and writing, creating it empty and owner-only (where the platform has POSIX
     * permissions) when absent. A creation is durable only after {@link #syncDirectory} of its parent.
     */
    Handle open(Path file) throws IOException;

    /** Creates {@code file}, owner-only, failing if anything exists there. Durable like {@link #open}. */
    Handle createNew(Path file) throws IOException;

    /** Whether {@code file} is a regular file. */
    boolean exists(Path file);

    /**
     * The whole content of {@code file}. One longer than {@code limit} bytes is refused with an {@link IOException}
     * before anything is read, so a forged huge file cannot exhaust memory.
     */
    byte[] read(Path file, long limit) throws IOException;

    /** Renames {@code from} over {@code to} atomically; durable only after {@link #syncDirectory}. */
    void move(Path from, Path to) throws IOException;

    /** Makes the creates, renames and deletes done in {@code dir} durable. */
    void syncDirectory(Path dir) throws IOException;

    /** Creates {@code dir} and its missing parents; every directory created is durable on return. */
    void createDirectories(Path dir) throws IOException;

    /** The regular files directly inside {@code dir}; empty when {@code dir} does not exist. */
    List<Path> list(Path dir) throws IOException;

    /** Deletes {@code file} if it exists; durable only after {@link #syncDirectory}. */
    void delete(Path file) throws IOException;

    /** An open file. Writes are durable only after {@link #force()}. */
    interface Handle extends Closeable {

        long size() throws IOException;

        /** Reads exactly {@code length} bytes at {@code position}, or fails. */
        byte[] read(long position, int length) throws IOException;

        /** Writes all of {@code bytes} at {@code position}, or fails (possibly after writing some of them). */
        void write(long position, byte[] bytes) throws IOException;

        /** fsync: the file's data and size reach the disk. */
        void force() throws IOException;

        void truncate(long size) throws IOException;

        @Override
        void close() throws IOException;
    }
}
