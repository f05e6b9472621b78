package io.patchbay.server.impl.push;

import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.server.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one node stands in {@code push_batches}. Ids come from an identity column, so they are handed out at INSERT
 * but become visible at COMMIT: two pushes on two nodes can commit out of id order, and a reader that saw 11 may see
 * 10 a moment later. The cursor therefore remembers the ids it skipped (gaps) and looks for them again on every read,
 * for {@code gapWait}; then gives them up (a rolled-back INSERT or a sequence cache jump leaves a gap for ever).
 * Not thread-safe: the fan-out's single wake-up thread owns it.
 */
final class BatchCursor {
    /** The most gap ids remembered; a larger jump is given up at once (it is a sequence jump, not a race). */
    static final int MAX_GAPS = 1000;

    private final Duration gapWait;
    private final int pageSize;
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();
    private long highest;

    BatchCursor(long startAfter, Duration gapWait, int pageSize) {
        this.highest = startAfter;
        this.gapWait = gapWait;
        this.pageSize = pageSize;
    }

    long highest() {
        return highest;
    }

    int gapCount() {
        return gaps.size();
    }

    /**
     * The next batches to deliver, in id order: late commits that fill remembered gaps, then one page above the
     * highest id seen. Empty when there is nothing new. Call again while it returns a full page.
     */
    List<Batch> next(PushBatches store, Instant now) throws StoreException {
        List<Batch> due = new ArrayList<>();
        expireGaps(now);
        if (!gaps.isEmpty()) {
            for (Batch late : store.byIds(gaps.keySet())) {
                gaps.remove(late.id());
                due.add(late);
            }
        }
        for (Batch batch : store.after(highest, pageSize)) {
            long missing = batch.id() - highest - 1;
            for (long id = Math.max(highest + 1, batch.id() - Math.min(missing, MAX_GAPS)); id < batch.id(); id++) {
                if (gaps.size() < MAX_GAPS) {
                    gaps.put(id, now);
                }
            }
            highest = batch.id();
            due.add(batch);
        }
        due.sort(Comparator.comparingLong(Batch::id));
        return due;
    }

    private void expireGaps(Instant now) {
        for (Iterator<Map.Entry<Long, Instant>> it = gaps.entrySet().iterator(); it.hasNext(); ) {
            if (!it.next().getValue().plus(gapWait).isAfter(now)) {
                it.remove();
            }
        }
    }
}
