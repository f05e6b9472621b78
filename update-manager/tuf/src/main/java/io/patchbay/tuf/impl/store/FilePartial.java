package io.patchbay.tuf.impl.store;

import io.patchbay.tuf.api.FetchResponse;
import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.PartialDownload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * An unfinished download as two files beside the targets: the bytes so far, and the entity tag they came with.
 * The tag is written (atomically) before any byte under it and the old bytes are deleted before a new tag, so a
 * crash can leave fewer bytes than the tag promises, never bytes of another version under it. Appends are not
 * forced to disk: a torn tail only costs a failed hash check, after which the updater discards everything.
 */
final class FilePartial implements PartialDownload {

    /** A tag file longer than any tag we keep is not one we wrote (and is not read). */
    private static final int MAX_TAG_FILE = FetchResponse.MAX_ETAG_LENGTH;
    private static final Set<OpenOption> APPEND =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    private final Path bytes;
    private final Path tag;
    private final AtomicFiles files;
    private FileChannel channel;

    FilePartial(Path bytes, Path tag, AtomicFiles files) {
        this.bytes = bytes;
        this.tag = tag;
        this.files = files;
    }

    @Override
    public long length() {
        try {
            return channel != null ? channel.size() : Files.size(bytes);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw failure("read", bytes, e);
        }
    }

    /** The stored tag, or null when there is none or it is not a well-formed tag (then the bytes are not resumed). */
    @Override
    public String etag() {
        try {
            if (Files.size(tag) > MAX_TAG_FILE) {
                return null;
            }
            String value = Files.readString(tag, StandardCharsets.US_ASCII);
            return FetchResponse.isWellFormedEtag(value) ? value : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // unreadable (e.g. not ASCII): as good as none, the bytes will not be resumed
        }
    }

    @Override
    public void restart(String etag) {
        discard();
        if (etag != null) {
            try {
                files.write(tag, etag.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw failure("write", tag, e);
            }
        }
    }

    @Override
    public void append(byte[] data, int offset, int length) {
        try {
            if (channel == null) {
                Files.createDirectories(bytes.toAbsolutePath().getParent());
                channel = FileChannel.open(bytes, APPEND, AtomicFiles.ownerOnly(bytes));
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw failure("write", bytes, e);
        }
    }

    @Override
    public byte[] read() {
        close();
        try {
            return Files.readAllBytes(bytes);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException | OutOfMemoryError e) {
            throw failure("read", bytes, e);
        }
    }

    @Override
    public void discard() {
        close();
        try {
            boolean deleted = Files.deleteIfExists(bytes) | Files.deleteIfExists(tag);
            if (deleted) {
                files.syncDirectory(bytes.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw failure("delete", bytes, e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw failure("close", bytes, e);
            } finally {
                channel = null;
            }
        }
    }

    private static LocalStorageException failure(String what, Path file, Throwable e) {
        return new LocalStorageException("cannot " + what + " " + file + ": " + e.getMessage(), e);
    }
}
