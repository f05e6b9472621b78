package io.patchbay.framework.impl.journal;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.store.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only record of swaps, and the only source of the committed patch level. Every append is fsynced
 * before it returns. On open, a torn last line (no newline, or a bad checksum) is a crash mid-write: it is
 * dropped and cut off. A bad line followed by good ones is damage, not a crash, and fails closed.
 *
 * <p>Once it holds more than {@link #COMPACT_AFTER} records and no swap is open, the journal is rewritten as a
 * single commit record of the current level (temp file, fsync, atomic rename, directory fsync).
 *
 * <p>Not thread-safe: the swap engine serialises access.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final int COMPACT_AFTER = 64;

    private final Path file;
    private final DurableFiles files = new DurableFiles();
    private FileChannel channel;
    private JournalState state;
    private int records;
    /** Set when a failed write could not be cut back: appending after a half record would damage the file. */
    private boolean broken;

    private Journal(Path file) {
        this.file = file;
    }

    /** Opens (or creates) the journal at {@code file} and replays it. */
    public static Journal open(Path file) {
        Journal journal = new Journal(file);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            journal.replay();
        } catch (IOException e) {
            throw new StoreException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
        return journal;
    }

    private void replay() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        byte[] content = Files.readAllBytes(file);
        JournalState replayed = JournalState.empty();
        int count = 0;
        int offset = 0;
        long goodEnd = 0;
        while (offset < content.length) {
            int newline = indexOf(content, (byte) '\n', offset);
            String line = new String(content, offset, (newline < 0 ? content.length : newline) - offset, StandardCharsets.UTF_8);
            boolean last = newline < 0 || newline == content.length - 1;
            JournalRecord record;
            try {
                if (newline < 0) {
                    throw new IllegalArgumentException("no line end");
                }
                record = RecordCodec.decode(line);
            } catch (IllegalArgumentException e) {
                if (!last) {
                    throw new StoreException("journal " + file + " is damaged at byte " + offset + " (" + e.getMessage()
                            + ") and is followed by further records; refusing to guess the committed level");
                }
                LOG.warn("journal {}: ignoring a torn last record at byte {} ({})", file, offset, e.getMessage());
                break;
            }
            replayed = replayed.apply(record);
            count++;
            offset = newline + 1;
            goodEnd = offset;
        }
        if (goodEnd < content.length) {
            channel.truncate(goodEnd);
            channel.force(true);
        }
        state = replayed;
        records = count;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    public JournalState state() {
        return state;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends {@code record} and fsyncs it. If the write fails, the file is cut back to where it was, so a half
     * record never becomes a committed one, and the failure is a {@link StoreException}.
     */
    public void append(JournalRecord record) {
        ensureOpen();
        byte[] line = RecordCodec.encode(record).getBytes(StandardCharsets.UTF_8);
        long end;
        try {
            end = channel.size();
        } catch (IOException e) {
            throw new StoreException("cannot append to journal " + file + ": " + e.getMessage(), e);
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            long position = end;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(true);
        } catch (IOException e) {
            cutBack(end);
            throw new StoreException("cannot append to journal " + file + ": " + e.getMessage(), e);
        }
        state = state.apply(record);
        records++;
    }

    private void cutBack(long end) {
        try {
            channel.truncate(end);
            channel.force(true);
        } catch (IOException e) {
            LOG.error("journal {} could not be cut back after a failed write; refusing further appends", file, e);
            broken = true;
            closeQuietly();
        }
    }

    /**
     * The commit record for moving from the current level to {@code bundles}: the next sequence number, and, per
     * bundle, the version committed before the current one.
     */
    public Commit nextCommit(String transactionId, java.time.Instant at, List<BundleRecord> bundles) {
        PatchLevel current = state.level();
        Map<String, BundleRecord> previous = new HashMap<>();
        state.previous().forEach(p -> previous.put(p.symbolicName(), p));
        Map<String, BundleRecord> sorted = new TreeMap<>();
        current.bundles().forEach(b -> sorted.put(b.symbolicName(), b));
        for (BundleRecord next : bundles) {
            BundleRecord old = sorted.put(next.symbolicName(), next);
            if (old != null && !old.sha256().equals(next.sha256())) {
                previous.put(next.symbolicName(), old);
            }
        }
        List<BundleRecord> previousList = new ArrayList<>(new TreeMap<>(previous).values());
        previousList.removeIf(p -> !sorted.containsKey(p.symbolicName()));
        return new Commit(transactionId, at, current.sequence() + 1, new ArrayList<>(sorted.values()), previousList);
    }

    /** Rewrites a long journal as one commit record; only when no swap is open. */
    public void compactIfNeeded() {
        if (records <= COMPACT_AFTER || state.unfinished().isPresent()) {
            return;
        }
        ensureOpen();
        PatchLevel level = state.level();
        List<JournalRecord> checkpoint = new ArrayList<>();
        if (level.sequence() > 0) {
            checkpoint.add(new Commit(state.lastCommitTransaction(), level.committedAt(), level.sequence(),
                    level.bundles(), state.previous()));
        }
        StringBuilder text = new StringBuilder();
        checkpoint.forEach(r -> text.append(RecordCodec.encode(r)));
        try {
            closeQuietly();
            files.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
            LOG.info("journal {} compacted from {} records to {}", file, records, checkpoint.size());
            records = checkpoint.size();
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("cannot compact journal " + file + ": " + e.getMessage(), e);
        }
    }

    int recordCount() {
        return records;
    }

    private void ensureOpen() {
        if (broken) {
            throw new StoreException("journal " + file + " holds a half-written record; restart to recover");
        }
        if (channel == null || !channel.isOpen()) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new StoreException("journal " + file + " is not writable: " + e.getMessage(), e);
            }
        }
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.debug("closing journal {}", file, e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
