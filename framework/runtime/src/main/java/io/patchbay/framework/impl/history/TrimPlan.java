package io.patchbay.framework.impl.history;

import io.patchbay.framework.api.SwapRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rewrite of the history file holds when the bound forces one: the header and the newest records that fit,
 * and the state they make. Computed apart from the file so the write path only has to put the lines in place.
 *
 * @param lines   the file's new payloads, header first
 * @param trimmed the state once those lines are the file
 */
record TrimPlan(List<String> lines, HistoryState trimmed) {

    /**
     * Plans {@code target} less its oldest records: at most {@code keep}, and few enough for the file to stay within
     * {@code bytes}. The newest record is always kept.
     */
    static TrimPlan of(HistoryState target, int keep, long bytes) {
        List<SwapRecord> records = target.records();
        // the header's numbers can only be smaller than these, and its transaction one of these, so its line no longer
        String widest = target.journaledDropped();
        for (SwapRecord r : records) {
            if (HistoryState.journaled(r.outcome()) && (widest == null
                    || HistoryCodec.text(r.transactionId()).length() > HistoryCodec.text(widest).length())) {
                widest = r.transactionId();
            }
        }
        long budget = bytes - OrderedLog.lineBytes(HistoryCodec.header(target.nextSequence(), target.acknowledged(),
                target.dropped() + records.size(), widest, true));
        List<String> kept = new ArrayList<>();
        long used = 0;
        for (int i = records.size() - 1; i >= 0 && kept.size() < keep; i--) {
            String payload = HistoryCodec.record(records.get(i));
            used += OrderedLog.lineBytes(payload);
            if (used > budget && !kept.isEmpty()) {
                break;
            }
            kept.add(0, payload);
        }
        HistoryState trimmed = target.droppingOldest(records.size() - kept.size());
        List<String> lines = new ArrayList<>();
        lines.add(HistoryCodec.header(trimmed.firstSequence(), trimmed.acknowledged(), trimmed.dropped(),
                trimmed.journaledDropped(), trimmed.journaledKnown()));
        lines.addAll(kept);
        return new TrimPlan(List.copyOf(lines), trimmed);
    }
}
