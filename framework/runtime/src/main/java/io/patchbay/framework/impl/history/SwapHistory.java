package io.patchbay.framework.impl.history;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.impl.store.AppendLog;
import io.patchbay.framework.impl.store.FileLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent swap history: one {@link SwapRecord} per transaction, numbered from 1, kept across restarts, and
 * an acknowledgement watermark for the reporter that sends them on.
 *
 * <p>Durability: every line is appended to one file and fsynced on its own (see {@link AppendLog}: a torn last line
 * is a crash and is cut; any other damage fails closed). {@link #append} and {@link #acknowledge} are durable when
 * they return. {@link #appendJournaled} is for outcomes the journal already holds durably (a commit or a rollback):
 * the record is visible at once and written by a background thread, so a swap pays no second fsync; what a crash
 * loses of those, {@link #backfill} rebuilds from the journal at the next start. Lines reach the file in sequence
 * order: any other write first writes what is still unwritten, so a durable record implies every earlier one is.
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
    private static final Logger LOG = LoggerFactory.getLogger(SwapHistory.class);
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int MAX_CAUSE_CHARS = 4096;
    public static final int MAX_LABEL_CHARS = 512;
    static final int MAX_CAPACITY = 100_000;
    /** A thousand records are about half a megabyte; this leaves room for patches of hundreds of bundles. */
    static final long MAX_BYTES = 32L << 20;
    private static final String REMEDY = "The swap history is a report, not the patch level (that is the journal): "
            + "move the file aside to start a new history, and keep it for investigation.";

    private final OrderedLog log;
    private final int capacity;
    private final ReentrantLock writer = new ReentrantLock();
    private final DeferredWriter backgroundWriter;
    private volatile HistoryState state;
    private boolean closed;

    private SwapHistory(AppendLog log, int capacity, HistoryState state, Executor background) {
        this.log = new OrderedLog(log);
        this.capacity = capacity;
        this.state = state;
        this.backgroundWriter = new DeferredWriter(background, this::drain);
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

    /**
     * As {@link #open(Path, int, FileLayer)}, with the writes of {@link #appendJournaled} run by {@code background}
     * (a test runs them when it chooses, or never: a power cut before them).
     */
    public static SwapHistory open(Path file, int capacity, FileLayer layer, Executor background) {
        return open(file, capacity, layer, MAX_BYTES, background);
    }

    static SwapHistory open(Path file, int capacity, FileLayer layer, long maxBytes) {
        return open(file, capacity, layer, maxBytes, null);
    }

    /** @param background runs the writes of {@link #appendJournaled}; null: a thread of the history's own */
    static SwapHistory open(Path file, int capacity, FileLayer layer, long maxBytes, Executor background) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("history capacity must be 1 to " + MAX_CAPACITY + ", not " + capacity);
        }
        HistoryState.Replay replay = new HistoryState.Replay();
        AppendLog log = AppendLog.open(file, layer, maxBytes, "swap history", REMEDY,
                HistoryCodec.header(1, 0, 0), payload -> replay.accept(HistoryCodec.decode(payload)));
        try {
            return new SwapHistory(log, capacity, replay.result(), background);
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
        return log.written();
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
            return store(record, false);
        } finally {
            writer.unlock();
        }
    }

    /**
     * Stores {@code record} as {@link #append} does, visible on return, but writes it to the file in the
     * background: for an outcome the journal already holds durably, which {@link #backfill} rebuilds if a crash
     * loses the record. A rewrite the bound forces is still done before this returns.
     *
     * @throws IllegalArgumentException for an outcome the journal does not hold (REJECTED, ROLLBACK_FAILED), or
     *                                  a record that cannot be stored as it is
     * @throws StoreException           when a rewrite it needs fails; it is then not stored
     */
    public SwapRecord appendJournaled(SwapRecord record) {
        if (!HistoryState.journaled(record.outcome())) {
            throw new IllegalArgumentException("the journal does not hold " + record.outcome() + " outcomes; append it");
        }
        writer.lock();
        try {
            requireOpen();
            return store(record, true);
        } finally {
            writer.unlock();
        }
    }

    private SwapRecord store(SwapRecord record, boolean deferred) {
        HistoryState before = state;
        SwapRecord stored = StoredForm.of(record).withSequence(before.nextSequence());
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
        } else if (deferred) {
            state = after;
            log.defer(payload);
            backgroundWriter.schedule();
        } else {
            log.append(payload);
            state = after;
        }
        return stored;
    }

    /**
     * Appends, durably, the records of swaps the journal holds that a crash kept out of the history: those after
     * the newest journaled record the history has (kept, or dropped by the bound). Run at start-up, before any
     * other record is written.
     *
     * @param ended the journal's ended swaps since its last compaction, oldest first, as history records
     * @return the records appended, with their sequences
     */
    public List<SwapRecord> backfill(List<SwapRecord> ended) {
        writer.lock();
        try {
            requireOpen();
            int from;
            try {
                from = state.firstMissing(ended);
            } catch (IllegalStateException unknown) {
                LOG.warn("swap history {} was trimmed by an older runtime that did not note its newest journaled "
                        + "record; records a crash may have lost are not rebuilt (a duplicate would be worse)", log.file());
                return List.of();
            }
            List<SwapRecord> added = new ArrayList<>();
            for (SwapRecord r : ended.subList(from, ended.size())) {
                added.add(store(r, false));
            }
            if (!added.isEmpty()) {
                LOG.warn("swap history {}: {} record(s) of swaps the journal holds were lost at a crash and are "
                        + "rebuilt from it, without step timings", log.file(), added.size());
            }
            return added;
        } finally {
            writer.unlock();
        }
    }

    /** Makes every record stored so far durable. */
    public void flush() {
        writer.lock();
        try {
            requireOpen();
            log.writeUnwritten();
        } finally {
            writer.unlock();
        }
    }

    private void drain() {
        writer.lock();
        try {
            backgroundWriter.started();
            if (!closed) {
                log.writeUnwritten();
            }
        } catch (RuntimeException e) {
            LOG.warn("swap history {}: {} record(s) not yet written ({}); the next write retries, and the journal "
                    + "holds them for the next start", log.file(), log.unwritten(), e.getMessage());
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

    /** Rewrites the file as {@link TrimPlan#of} plans it; the state moves once the new file is in place. */
    private void rewrite(HistoryState target, int keep, long bytes) {
        TrimPlan plan = TrimPlan.of(target, keep, bytes);
        // the rewrite holds every record of the state, those not yet written among them
        log.replace(plan.lines(), () -> state = plan.trimmed());
    }

    private static long lineBytes(String payload) {
        return OrderedLog.lineBytes(payload);
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
        return state.crashedBefore(patchId);
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

    /** Writes what is still unwritten (the journal holds it if that fails), then closes the file. */
    @Override
    public void close() {
        writer.lock();
        try {
            if (!closed) {
                log.writeUnwritten();
            }
        } catch (RuntimeException e) {
            LOG.warn("swap history {}: {} record(s) could not be written at close ({}); the next start rebuilds them "
                    + "from the journal", log.file(), log.unwritten(), e.getMessage());
        } finally {
            closed = true;
            log.close();
            writer.unlock();
            backgroundWriter.shutdown();
        }
    }
}
