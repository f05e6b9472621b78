package io.patchbay.framework.impl.history;

import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What the history holds, immutable: readers take the current one without waiting for a writer.
 *
 * @param records      the kept records, sequences consecutive, oldest first
 * @param nextSequence the sequence the next record gets
 * @param acknowledged the acknowledgement watermark (0: nothing acknowledged)
 * @param dropped      records forced out by the bound before they were acknowledged
 * @param journaledDropped the transaction of the newest journaled record among those dropped, or null for none
 * @param journaledKnown   false when a history of format 1 dropped records without saying which
 */
record HistoryState(List<SwapRecord> records, long nextSequence, long acknowledged, long dropped,
                    String journaledDropped, boolean journaledKnown) {

    HistoryState {
        records = List.copyOf(records);
    }

    /** Whether the journal holds this outcome too (a commit or a rollback record), so it can be rebuilt from it. */
    static boolean journaled(Outcome outcome) {
        return outcome == Outcome.COMMITTED || outcome == Outcome.ROLLED_BACK || outcome == Outcome.CRASHED;
    }

    HistoryState plus(SwapRecord record) {
        List<SwapRecord> more = new ArrayList<>(records.size() + 1);
        more.addAll(records);
        more.add(record);
        return new HistoryState(more, record.sequence() + 1, acknowledged, dropped, journaledDropped, journaledKnown);
    }

    HistoryState acknowledging(long sequence) {
        return new HistoryState(records, nextSequence, sequence, dropped, journaledDropped, journaledKnown);
    }

    /** Without the oldest {@code count} records; those not yet acknowledged are counted as dropped. */
    HistoryState droppingOldest(int count) {
        List<SwapRecord> gone = records.subList(0, count);
        long unacknowledged = gone.stream().filter(r -> r.sequence() > acknowledged).count();
        String newestJournaled = newestJournaled(gone);
        return new HistoryState(records.subList(count, records.size()), nextSequence, acknowledged,
                dropped + unacknowledged, newestJournaled == null ? journaledDropped : newestJournaled,
                journaledKnown || newestJournaled != null);
    }

    /**
     * The transaction of the newest journaled record, kept or dropped; null when there never was one.
     *
     * @throws IllegalStateException when a history of format 1 dropped records without saying which (unknown)
     */
    String lastJournaled() {
        String kept = newestJournaled(records);
        if (kept != null) {
            return kept;
        }
        if (!journaledKnown) {
            throw new IllegalStateException("unknown");
        }
        return journaledDropped;
    }

    /**
     * Where the records the history lacks begin among {@code ended} (the journal's ended swaps, oldest first): after
     * the newest journaled record the history has, kept or dropped; 0 when it has none of them.
     *
     * @throws IllegalStateException when that is unknown (see {@link #lastJournaled})
     */
    int firstMissing(List<SwapRecord> ended) {
        String last = lastJournaled();
        for (int i = ended.size() - 1; i >= 0 && last != null; i--) {
            if (ended.get(i).transactionId().equals(last)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** See {@link SwapHistory#crashedBefore}. */
    boolean crashedBefore(String patchId) {
        if (patchId == null || patchId.isEmpty()) {
            return false;
        }
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

    private static String newestJournaled(List<SwapRecord> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (journaled(list.get(i).outcome())) {
                return list.get(i).transactionId();
            }
        }
        return null;
    }

    /** The oldest kept record's sequence, or the next one when none is kept. */
    long firstSequence() {
        return records.isEmpty() ? nextSequence : records.get(0).sequence();
    }

    /** Index of the oldest kept record above the watermark ({@code records.size()} when none). */
    int firstUnacknowledgedIndex() {
        return (int) Math.max(0, Math.min(records.size(), acknowledged + 1 - firstSequence()));
    }

    /** Rebuilds the state line by line, refusing anything the history would never have written. */
    static final class Replay {
        private final List<SwapRecord> records = new ArrayList<>();
        private boolean headed;
        private long next;
        private long acknowledged;
        private long dropped;
        private String journaled;
        private boolean known;

        void accept(HistoryCodec.Line line) {
            if (line instanceof HistoryCodec.Header h) {
                if (headed) {
                    throw new IllegalArgumentException("a second header");
                }
                if (h.firstSequence() < 1) {
                    throw new IllegalArgumentException("header starts at record " + h.firstSequence());
                }
                headed = true;
                next = h.firstSequence();
                acknowledged = h.acknowledged();
                dropped = h.dropped();
                journaled = h.journaled();
                known = h.known();
                return;
            }
            if (!headed) {
                throw new IllegalArgumentException("no header");
            }
            if (line instanceof HistoryCodec.Entry e) {
                if (e.record().sequence() != next) {
                    throw new IllegalArgumentException("record " + e.record().sequence() + " where " + next + " was due");
                }
                records.add(e.record());
                next++;
            } else if (line instanceof HistoryCodec.Ack a) {
                if (a.sequence() <= acknowledged || a.sequence() >= next) {
                    throw new IllegalArgumentException("acknowledgement of " + a.sequence() + " after " + acknowledged
                            + ", with " + (next - 1) + " the newest record");
                }
                acknowledged = a.sequence();
            }
        }

        /**
         * @throws IllegalArgumentException when the watermark is beyond the newest record
         */
        HistoryState result() {
            if (acknowledged >= next) {
                throw new IllegalArgumentException("acknowledged up to " + acknowledged + " but the newest record is "
                        + (next - 1));
            }
            return new HistoryState(records, next, acknowledged, dropped, journaled, known);
        }
    }
}
