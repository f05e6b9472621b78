package io.patchbay.framework.impl.store;

import io.patchbay.framework.api.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of {@link CrcLines checksummed lines}, the base of the journal and the swap history. Every
 * append is fsynced before it returns. On open, a last line without its newline or with a bad checksum is a crash
 * mid-write: it is dropped and cut off. Any other bad line is damage, not a crash, and fails closed: nothing is
 * cut on a guess. The file never grows past its size limit, and a file found larger is refused unread.
 *
 * <p>Not thread-safe: its owner serialises access.
 */
public final class AppendLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendLog.class);

    private final Path file;
    private final Path temp;
    private final FileLayer layer;
    private final long maxBytes;
    private final String name;
    private FileLayer.Handle handle;
    private long size;
    /** A failed write could not be cut back: appending after a half line would damage the file. */
    private boolean broken;
    /** A rename into the directory is not yet known durable: it must be before anything is appended to it. */
    private boolean directoryUnsynced;

    private AppendLog(Path file, FileLayer layer, long maxBytes, String name) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.layer = layer;
        this.maxBytes = maxBytes;
        this.name = name;
    }

    /**
     * Opens (or creates, durably) the log at {@code file} and passes each intact line's payload to {@code replay},
     * oldest first. {@code replay} throws {@link IllegalArgumentException} for a payload it cannot accept; since
     * its checksum was right that is damage, and fails closed.
     *
     * @param name   what the file is, for messages ("journal", "swap history")
     * @param remedy what an operator should do when the file is damaged, for the message
     */
    public static AppendLog open(Path file, FileLayer layer, long maxBytes, String name, String remedy,
                                 Consumer<String> replay) {
        return open(file, layer, maxBytes, name, remedy, null, replay);
    }

    /**
     * As {@link #open(Path, FileLayer, long, String, String, Consumer)}, for a log that begins with a header line:
     * a new file is created atomically holding {@code header}, so an intact file always starts with one, and a
     * first line that is torn or missing is damage, not a crash.
     */
    public static AppendLog open(Path file, FileLayer layer, long maxBytes, String name, String remedy, String header,
                                 Consumer<String> replay) {
        if (maxBytes < 1 || maxBytes > DurableFiles.MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("a log's size limit must be between 1 and " + DurableFiles.MAX_ENTRY_BYTES);
        }
        AppendLog log = new AppendLog(file, layer, maxBytes, name);
        try {
            Path dir = file.toAbsolutePath().getParent();
            layer.createDirectories(dir);
            boolean existed = layer.exists(file);
            if (!existed && header != null) {
                log.replace(List.of(header), () -> { });
            }
            log.handle = layer.open(file);
            try {
                if (!existed && header == null) {
                    // appends are fsynced, but they are lost with the file if its creation is not durable
                    layer.syncDirectory(dir);
                }
                log.replay(remedy, header != null, replay);
            } catch (IOException | RuntimeException e) {
                log.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException("cannot open " + name + " " + file + ": " + e.getMessage(), e);
        }
        return log;
    }

    private void replay(String remedy, boolean headed, Consumer<String> replay) throws IOException {
        long length = handle.size();
        if (length > maxBytes) {
            throw new StoreException(name + " " + file + " is " + length + " bytes, more than the " + maxBytes
                    + " this runtime ever writes; it is forged or damaged and was not read. " + remedy);
        }
        byte[] content = handle.read(0, (int) length);
        if (headed && length == 0) {
            throw new StoreException(name + " " + file + " is empty: its header is missing, which is not how a crash "
                    + "leaves it; nothing was changed. " + remedy);
        }
        int offset = 0;
        while (offset < content.length) {
            int newline = indexOf(content, offset);
            int end = newline == -1 ? content.length : newline;
            String line = new String(content, offset, end - offset, StandardCharsets.UTF_8);
            String payload;
            try {
                if (newline == -1) {
                    throw new IllegalArgumentException("no line end");
                }
                payload = CrcLines.payload(line);
            } catch (IllegalArgumentException e) {
                if (newline != -1 && newline < content.length - 1 || headed && offset == 0) {
                    throw damaged(offset, e, remedy);
                }
                LOG.warn("{} {}: ignoring a torn last record at byte {} ({})", name, file, offset, e.getMessage());
                // Not fsynced: if the cut is lost at a crash, the same torn line comes back and is cut again, and
                // the next append's fsync makes the cut durable along with the new line.
                handle.truncate(offset);
                break;
            }
            try {
                replay.accept(payload);
            } catch (IllegalArgumentException e) {
                throw damaged(offset, e, remedy);
            }
            offset = end + 1;
        }
        size = offset;
    }

    private StoreException damaged(int offset, IllegalArgumentException e, String remedy) {
        return new StoreException(name + " " + file + " is damaged at byte " + offset + " (" + e.getMessage()
                + "), which is not how a crash leaves it; nothing was changed. " + remedy, e);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    public Path file() {
        return file;
    }

    /** The bytes in the file. */
    public long size() {
        return size;
    }

    /** The limit given at open. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Appends one line and fsyncs it. If the write or the fsync fails, the file is cut back to where it was (and
     * that cut fsynced), so the failed line never appears later, and the failure is a {@link StoreException}.
     */
    public void append(String payload) {
        byte[] line = CrcLines.frame(payload).getBytes(StandardCharsets.UTF_8);
        if (size + line.length > maxBytes) {
            throw new StoreException(name + " " + file + " would grow past " + maxBytes + " bytes; record refused");
        }
        ensureWritable();
        try {
            handle.write(size, line);
            handle.force();
        } catch (IOException e) {
            cutBack();
            throw new StoreException("cannot append to " + name + " " + file + ": " + e.getMessage(), e);
        }
        size += line.length;
    }

    private void cutBack() {
        try {
            handle.truncate(size);
            // the line may have reached the disk before the failure: the cut must too, or it could resurface
            handle.force();
        } catch (IOException e) {
            LOG.error("{} {} could not be cut back after a failed write; refusing further appends", name, file, e);
            broken = true;
            closeHandle();
        }
    }

    /**
     * Replaces the whole file by {@code payloads}, atomically (temporary file, fsync, rename, directory fsync).
     * If only the directory fsync fails, the new content is in place but not known durable: the failure is thrown
     * and the next append retries the sync before writing.
     *
     * @param renamed runs once the new content is what the file holds (right after the rename), also when the
     *                directory fsync then fails: the owner updates its view of the file here
     */
    public void replace(List<String> payloads, Runnable renamed) {
        StringBuilder text = new StringBuilder();
        payloads.forEach(p -> text.append(CrcLines.frame(p)));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new StoreException(name + " " + file + " would grow past " + maxBytes + " bytes; rewrite refused");
        }
        requireIntact();
        closeHandle();
        try {
            layer.delete(temp);
            AtomicWrite.replace(layer, file, temp, bytes, () -> {
                size = bytes.length;
                directoryUnsynced = true;
                renamed.run();
            });
            directoryUnsynced = false;
        } catch (IOException e) {
            throw new StoreException("cannot rewrite " + name + " " + file + ": " + e.getMessage(), e);
        }
    }

    private void requireIntact() {
        if (broken) {
            throw new StoreException(name + " " + file + " holds a half-written record; restart to recover");
        }
    }

    private void ensureWritable() {
        requireIntact();
        try {
            if (directoryUnsynced) {
                layer.syncDirectory(file.toAbsolutePath().getParent());
                directoryUnsynced = false;
            }
            if (handle == null) {
                handle = layer.open(file);
            }
        } catch (IOException e) {
            throw new StoreException(name + " " + file + " is not writable: " + e.getMessage(), e);
        }
    }

    private void closeHandle() {
        try {
            if (handle != null) {
                handle.close();
            }
        } catch (IOException e) {
            LOG.debug("closing {} {}", name, file, e);
        }
        handle = null;
    }

    @Override
    public void close() {
        closeHandle();
    }
}
