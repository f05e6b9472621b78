package io.patchbay.framework.impl.history;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.store.AppendLog;
import io.patchbay.framework.impl.store.CrcLines;
import io.patchbay.framework.impl.store.FileLayer;
import io.patchbay.framework.impl.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The persistent swap history: one {@link SwapRecord} per transaction, numbered from 1, kept across restarts, and
 * an acknowledgement watermark for the reporter that sends them on.
 *
 * <p>Durability: every append and every acknowledgement is one line appended to one file and fsynced before it
 * returns (see {@link AppendLog}: a torn last line is a crash and is cut; any other damage fails closed).
 *
 * <p>Bounds: at most {@code capacity} records. When an append would go over, the file is rewritten atomically
 * keeping the newest records, about three quarters of the capacity, so the rewrite (one per quarter capacity of
 * appends) stays off the common path. Records dropped before they were acknowledged are counted, durably, so a
 * reporter learns it missed some. The file also stays under a byte limit; a larger one is refused unread. Causes and
 * labels are cut to {@link #MAX_CAUSE_CHARS} and {@link #MAX_LABEL_CHARS} characters.
 *
 * <p>Threads: appends and acknowledgements are serialised; reads never wait for them (they see an immutable
 * snapshot, published after the write is durable).
 */
public final class SwapHistory implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int MAX_CAUSE_CHARS = 4096;
    public static final int MAX_LABEL_CHARS = 512;
    static final int MAX_CAPACITY = 100_000;
    /** A thousand records are about half a megabyte; this leaves room for patches of hundreds of bundles. */
    static final long MAX_BYTES = 32L << 20;
    private static final String REMEDY = "The swap history is a report, not the patch level (that is the journal): "
            + "move the file aside to start a new history, and keep it for investigation.";

    private final AppendLog log;
    private final int capacity;
    private final ReentrantLock writer = new ReentrantLock();
    private volatile HistoryState state;
    private boolean closed;

    private SwapHistory(AppendLog log, int capacity, HistoryState state) {
        this.log = log;
        this.capacity = capacity;
        this.state = state;
    }

    /** Opens (or creates) the history at {@code file} on the real file system, with the default capacity. */
    public static SwapHistory open(Path file) {
        return open(file, DEFAULT_CAPACITY, FileLayer.system());
    }

    /**
     * Opens (or creates) the history at {@code file}.
     *
     * @param capacity the most records kept, 1 to 100,000
     * @throws StoreException when the file cannot be read, or is damaged or forged (the message names the file and
     *                        what to do)
     */
    public static SwapHistory open(Path file, int capacity, FileLayer layer) {
        return open(file, capacity, layer, MAX_BYTES);
    }

    static SwapHistory open(Path file, int capacity, FileLayer layer, long maxBytes) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("history capacity must be 1 to " + MAX_CAPACITY + ", not " + capacity);
        }
        HistoryState.Replay replay = new HistoryState.Replay();
        AppendLog log = AppendLog.open(file, layer, maxBytes, "swap history", REMEDY,
                HistoryCodec.header(1, 0, 0), payload -> replay.accept(HistoryCodec.decode(payload)));
        try {
            return new SwapHistory(log, capacity, replay.result());
        } catch (IllegalArgumentException e) {
            log.close();
            throw new StoreException("swap history " + file + " is damaged (" + e.getMessage() + "); nothing was "
                    + "changed. " + REMEDY, e);
        }
    }

    public Path file() {
        return log.file();
    }

    /** The file's size in bytes; for tests, from the writing thread. */
    long fileBytes() {
        return log.size();
    }

    /**
     * Stores {@code record} as the next sequence (its own sequence is ignored), with its label and cause cut to
     * their bounds. Durable (fsynced) on return.
     *
     * @return the record as stored, with its sequence
     * @throws IllegalArgumentException when the record cannot be stored as it is (a bundle without a SHA-256, or
     *                                  so many bundles that one record would pass a quarter of the file's limit)
     * @throws StoreException           when it cannot be written; it is then not stored, except if only the final
     *                                  directory fsync of a rewrite failed: then it is stored and visible, but may
     *                                  not survive a power cut (the message says so)
     */
    public SwapRecord append(SwapRecord record) {
        writer.lock();
        try {
            requireOpen();
            HistoryState before = state;
            SwapRecord stored = bounded(record).withSequence(before.nextSequence());
            String payload = HistoryCodec.record(stored);
            long line = lineBytes(payload);
            if (line > log.maxBytes() / 4) {
                throw new IllegalArgumentException("a swap record of " + line + " bytes is too large for the history "
                        + "(at most " + log.maxBytes() / 4 + "); it has " + stored.bundles().size() + " bundles");
            }
            HistoryState after = before.plus(stored);
            boolean overCapacity = after.records().size() > capacity;
            if (overCapacity || log.size() + line > log.maxBytes()) {
                // room for a quarter of the capacity, or of the bytes, of appends before the next rewrite
                rewrite(after, overCapacity ? Math.max(1, capacity - Math.max(1, capacity / 4)) : capacity,
                        log.maxBytes() * 3 / 4);
            } else {
                log.append(payload);
                state = after;
            }
            return stored;
        } finally {
            writer.unlock();
        }
    }

    /**
     * Marks every record up to and including {@code sequence} as reported. Durable on return. A sequence at or
     * below the current watermark changes nothing.
     *
     * @throws IllegalArgumentException for a sequence beyond the newest record
     */
    public void acknowledge(long sequence) {
        writer.lock();
        try {
            requireOpen();
            HistoryState before = state;
            if (sequence <= before.acknowledged()) {
                return;
            }
            if (sequence >= before.nextSequence()) {
                throw new IllegalArgumentException("cannot acknowledge record " + sequence + ": the newest is "
                        + (before.nextSequence() - 1));
            }
            String payload = HistoryCodec.ack(sequence);
            HistoryState after = before.acknowledging(sequence);
            if (log.size() + lineBytes(payload) > log.maxBytes()) {
                // the watermark moves into the header; the records fitted before, so none needs to go
                rewrite(after, capacity, log.maxBytes());
            } else {
                log.append(payload);
                state = after;
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * Rewrites the file as {@code target} less its oldest records: at most {@code keep}, and few enough for the file
     * to stay within {@code bytes}. The newest record is always kept.
     */
    private void rewrite(HistoryState target, int keep, long bytes) {
        List<SwapRecord> records = target.records();
        // the header's numbers can only be smaller than these, so its line no longer
        long budget = bytes - lineBytes(HistoryCodec.header(target.nextSequence(), target.acknowledged(),
                target.dropped() + records.size()));
        List<String> kept = new ArrayList<>();
        long used = 0;
        for (int i = records.size() - 1; i >= 0 && kept.size() < keep; i--) {
            String payload = HistoryCodec.record(records.get(i));
            used += lineBytes(payload);
            if (used > budget && !kept.isEmpty()) {
                break;
            }
            kept.add(0, payload);
        }
        HistoryState trimmed = target.droppingOldest(records.size() - kept.size());
        List<String> lines = new ArrayList<>();
        lines.add(HistoryCodec.header(trimmed.firstSequence(), trimmed.acknowledged(), trimmed.dropped()));
        lines.addAll(kept);
        log.replace(lines, () -> state = trimmed);
    }

    private static long lineBytes(String payload) {
        return CrcLines.frame(payload).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The newest {@code max} records, oldest first. */
    public List<SwapRecord> newest(int max) {
        requireNonNegative(max);
        List<SwapRecord> records = state.records();
        return List.copyOf(records.subList(Math.max(0, records.size() - max), records.size()));
    }

    /** Up to {@code max} records not yet acknowledged, oldest first. */
    public List<SwapRecord> unacknowledged(int max) {
        requireNonNegative(max);
        HistoryState s = state;
        List<SwapRecord> records = s.records();
        int from = s.firstUnacknowledgedIndex();
        return List.copyOf(records.subList(from, (int) Math.min(records.size(), (long) from + max)));
    }

    /** The acknowledgement watermark: every record up to this sequence was reported (0: none). */
    public long acknowledged() {
        return state.acknowledged();
    }

    /** The newest record's sequence (0 before the first). */
    public long lastSequence() {
        return state.nextSequence() - 1;
    }

    /** How many records the bound forced out before they were acknowledged, over the history's whole life. */
    public long droppedUnacknowledged() {
        return state.dropped();
    }

    /**
     * Whether the patch with identity {@code patchId} crashed the process during a swap (a CRASHED record) and has
     * not been committed since. Only the records still kept count.
     */
    public boolean crashedBefore(String patchId) {
        if (patchId == null || patchId.isEmpty()) {
            return false;
        }
        List<SwapRecord> records = state.records();
        for (int i = records.size() - 1; i >= 0; i--) {
            SwapRecord r = records.get(i);
            if (r.patchId().equals(patchId)) {
                if (r.outcome() == Outcome.CRASHED) {
                    return true;
                }
                if (r.outcome() == Outcome.COMMITTED) {
                    return false;
                }
            }
        }
        return false;
    }

    private static void requireNonNegative(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be at least 0, not " + max);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the swap history " + log.file() + " is closed");
        }
    }

    /** The record with its free text bounded and its fields checked, exactly as the file will give it back. */
    private static SwapRecord bounded(SwapRecord r) {
        for (BundleRecord b : r.bundles()) {
            if (b.symbolicName() == null || b.symbolicName().isEmpty() || b.version() == null
                    || !Sha256.isHex(b.sha256())) {
                throw new IllegalArgumentException("bundle record " + b + " cannot be stored");
            }
        }
        if (!r.patchId().isEmpty() && !Sha256.isHex(r.patchId())) {
            throw new IllegalArgumentException("patch id " + HistoryCodec.abbreviate(r.patchId()) + " is not a SHA-256");
        }
        if (r.levelBefore() < 0 || r.levelAfter() < 0) {
            throw new IllegalArgumentException("levels cannot be negative");
        }
        List<BundleRecord> bundles = r.bundles().stream()
                .map(b -> new BundleRecord(wellFormed(b.symbolicName()), wellFormed(b.version()), b.sha256())).toList();
        return new SwapRecord(r.sequence(), wellFormed(Texts.cut(r.transactionId(), MAX_LABEL_CHARS)),
                wellFormed(Texts.cut(r.label(), MAX_LABEL_CHARS)), r.patchId(), bundles, r.outcome(), r.at(),
                r.levelBefore(), r.levelAfter(), r.cause() == null ? null : wellFormed(Texts.cut(r.cause(), MAX_CAUSE_CHARS)),
                r.timings());
    }

    /** What UTF-8 gives back: an unpaired surrogate becomes '?'. */
    private static String wellFormed(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        writer.lock();
        try {
            closed = true;
            log.close();
        } finally {
            writer.unlock();
        }
    }
}
