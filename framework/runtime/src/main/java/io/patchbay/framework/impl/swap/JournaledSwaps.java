package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.journal.JournalRecord.Intent;
import io.patchbay.framework.impl.journal.JournalRecord.RolledBack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The swap history's records as the journal tells them: every swap that ended (its intent, then a commit or a
 * rollback) is one record, rebuilt with what the journal holds. Step timings are not journaled, so a rebuilt record
 * has none; a rollback journaled before the journal carried causes gets a note instead of its cause.
 */
public final class JournaledSwaps {
    static final String CAUSE_NOT_JOURNALED = "rolled back; the cause was not journaled";

    private JournaledSwaps() {
    }

    /**
     * The ended swaps among {@code records} (a journal's, oldest first), oldest first. A commit without an intent
     * (the initial bundles, a compaction's checkpoint) is no swap of the history's.
     */
    public static List<SwapRecord> ended(List<JournalRecord> records) {
        Map<String, Intent> open = new HashMap<>();
        List<SwapRecord> ended = new ArrayList<>();
        long level = 0;
        for (JournalRecord r : records) {
            if (r instanceof Intent i) {
                open.put(i.transactionId(), i);
            } else if (r instanceof Commit c) {
                Intent intent = open.remove(c.transactionId());
                if (intent != null) {
                    ended.add(new SwapRecord(0, c.transactionId(), intent.label(), patchId(intent), intent.after(),
                            Outcome.COMMITTED, c.at(), level, c.sequence(), null, Map.of()));
                }
                level = c.sequence();
            } else if (r instanceof RolledBack b) {
                Intent intent = open.remove(b.transactionId());
                if (intent != null) {
                    ended.add(record(intent, b, level));
                }
            }
        }
        return ended;
    }

    /** The record of a swap rolled back at {@code level} (the committed level it stayed at). */
    public static SwapRecord record(Intent intent, RolledBack end, PatchLevel level) {
        return record(intent, end, level.sequence());
    }

    private static SwapRecord record(Intent intent, RolledBack end, long level) {
        return new SwapRecord(0, intent.transactionId(), intent.label(), patchId(intent), intent.after(),
                end.crashed() ? Outcome.CRASHED : Outcome.ROLLED_BACK, end.at(), level, level,
                end.cause() == null ? CAUSE_NOT_JOURNALED : end.cause(), Map.of());
    }

    private static String patchId(Intent intent) {
        return PatchIdentity.of(intent.after().stream().map(BundleRecord::sha256).toList());
    }
}
