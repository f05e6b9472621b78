package io.patchbay.framework.impl.journal;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.store.AppendLog;
import io.patchbay.framework.impl.store.FileLayer;
import java.nio.file.Path;
import java.time.Instant;
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
 * dropped and cut off. A bad line followed by good ones, or a well-checksummed line that does not parse, is
 * damage, not a crash, and fails closed (see {@link AppendLog}).
 *
 * <p>Once it holds more than {@link #COMPACT_AFTER} records and no swap is open, the journal is rewritten as a
 * single commit record of the current level (temp file, fsync, atomic rename, directory fsync).
 *
 * <p>Size: a journal is refused unread above {@link #MAX_BYTES}. Since compaction can fail (a full disk), new
 * swaps are refused once less than a quarter of that is left, so the swap in flight can always still journal its
 * commit or its rollback.
 *
 * <p>Not thread-safe: the swap engine serialises access.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final int COMPACT_AFTER = 64;
    /** Far above what a compacted journal holds (65 records of even thousands of bundles), far below a heap. */
    static final long MAX_BYTES = 64L << 20;
    private static final String REMEDY = "Refusing to guess the committed level: restore the journal from a backup, "
            + "or move it aside together with the store to start over from the initial bundles.";

    private final AppendLog log;
    /** Every record the file holds, oldest first. */
    private final List<JournalRecord> records;
    private JournalState state;

    private Journal(AppendLog log, JournalState state, List<JournalRecord> records) {
        this.log = log;
        this.state = state;
        this.records = records;
    }

    /** Opens (or creates) the journal at {@code file} and replays it. */
    public static Journal open(Path file) {
        return open(file, FileLayer.system());
    }

    /** Opens (or creates) the journal at {@code file} on {@code layer} and replays it. */
    public static Journal open(Path file, FileLayer layer) {
        return open(file, layer, MAX_BYTES);
    }

    static Journal open(Path file, FileLayer layer, long maxBytes) {
        JournalState[] state = {JournalState.empty()};
        List<JournalRecord> replayed = new ArrayList<>();
        AppendLog log = AppendLog.open(file, layer, maxBytes, "journal", REMEDY, payload -> {
            JournalRecord record = RecordCodec.decodePayload(payload);
            state[0] = state[0].apply(record);
            replayed.add(record);
        });
        return new Journal(log, state[0], replayed);
    }

    /**
     * The records the file holds, oldest first: since the last compaction, every swap that ended, with its intent
     * and its end, from which the start-up rebuilds history records a crash lost.
     */
    public List<JournalRecord> records() {
        return List.copyOf(records);
    }

    public JournalState state() {
        return state;
    }

    public Path file() {
        return log.file();
    }

    /**
     * Appends {@code record} and fsyncs it. If the write fails, the file is cut back to where it was, so a half
     * record never becomes a committed one, and the failure is a {@link StoreException}.
     */
    public void append(JournalRecord record) {
        String payload = RecordCodec.payload(record);
        if (record instanceof JournalRecord.Intent && log.size() + log.maxBytes() / 4 > log.maxBytes()) {
            throw new StoreException("journal " + log.file() + " is full (" + log.size() + " bytes): compaction has "
                    + "not been able to run; a new swap is refused until it can");
        }
        log.append(payload);
        state = state.apply(record);
        records.add(record);
    }

    /**
     * The commit record for moving from the current level to {@code bundles}: the next sequence number, and, per
     * bundle, the version committed before the current one.
     */
    public Commit nextCommit(String transactionId, Instant at, List<BundleRecord> bundles) {
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

    /**
     * Rewrites a long journal as one commit record; only when no swap is open.
     *
     * @param beforeRewrite runs first, when the rewrite is due: it makes durable what is rebuilt from the records
     *                      the rewrite drops (the swap history); if it throws, nothing is rewritten
     */
    public void compactIfNeeded(Runnable beforeRewrite) {
        if (records.size() <= COMPACT_AFTER || state.unfinished().isPresent()) {
            return;
        }
        beforeRewrite.run();
        PatchLevel level = state.level();
        List<JournalRecord> checkpoint = new ArrayList<>();
        if (level.sequence() > 0) {
            checkpoint.add(new Commit(state.lastCommitTransaction(), level.committedAt(), level.sequence(),
                    level.bundles(), state.previous()));
        }
        int before = records.size();
        log.replace(checkpoint.stream().map(RecordCodec::payload).toList(), () -> {
            records.clear();
            records.addAll(checkpoint);
        });
        LOG.info("journal {} compacted from {} records to {}", log.file(), before, checkpoint.size());
    }

    int recordCount() {
        return records.size();
    }

    @Override
    public void close() {
        log.close();
    }
}
