package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOURNAL: records old set → new set, fsynced, before the container is touched; from here on a crash is rolled
 * back at the next start. Its undo marks the swap rolled back, but only once the container really is back: if
 * restoring failed, the intent stays open so that a restart finishes the job.
 */
final class IntentTask implements SwapTask {
    private static final Logger LOG = LoggerFactory.getLogger(IntentTask.class);

    private final Journal journal;
    private final Clock clock;

    IntentTask(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public SwapStep step() {
        return SwapStep.JOURNAL;
    }

    @Override
    public void run(Swap swap) {
        List<BundleRecord> before = new ArrayList<>();
        List<BundleRecord> after = new ArrayList<>();
        for (VerifiedBundle bundle : swap.bundles) {
            swap.before.bundle(bundle.symbolicName()).ifPresent(before::add);
            after.add(bundle.record());
        }
        journal.append(new JournalRecord.Intent(swap.transactionId, clock.instant(), swap.patch.label(), before, after));
    }

    @Override
    public void undo(Swap swap) {
        if (swap.undoFailed) {
            LOG.error("swap {}: the container could not be restored; the journal intent stays open for recovery at restart",
                    swap.transactionId);
            return;
        }
        journal.append(new JournalRecord.RolledBack(swap.transactionId, clock.instant()));
    }
}
