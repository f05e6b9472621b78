package io.patchbay.framework.impl.journal;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.journal.JournalRecord.Intent;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the journal says: the committed level, the versions kept for rollback, and a swap that began but neither
 * committed nor rolled back (a crash happened in between).
 */
public record JournalState(PatchLevel level, List<BundleRecord> previous, Optional<Intent> unfinished,
                           String lastCommitTransaction) {

    public static final PatchLevel EMPTY_LEVEL = new PatchLevel(0, List.of(), null);

    static JournalState empty() {
        return new JournalState(EMPTY_LEVEL, List.of(), Optional.empty(), null);
    }

    JournalState apply(JournalRecord record) {
        if (record instanceof Intent i) {
            return new JournalState(level, previous, Optional.of(i), lastCommitTransaction);
        }
        if (record instanceof Commit c) {
            return new JournalState(new PatchLevel(c.sequence(), c.bundles(), c.at()), c.previous(),
                    Optional.empty(), c.transactionId());
        }
        return new JournalState(level, previous, Optional.empty(), lastCommitTransaction);
    }

    /** Every store entry a rollback may need: the committed bundles and their previous versions. */
    public Set<String> retainedHashes() {
        Set<String> keep = new HashSet<>();
        level.bundles().forEach(b -> keep.add(b.sha256()));
        previous.forEach(b -> keep.add(b.sha256()));
        return keep;
    }
}
