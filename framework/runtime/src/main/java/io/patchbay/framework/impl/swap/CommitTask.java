package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.time.Clock;

/** COMMIT: the fsynced commit record is the moment the new level exists. */
final class CommitTask implements SwapTask {
    private final Journal journal;
    private final Clock clock;

    CommitTask(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public SwapStep step() {
        return SwapStep.COMMIT;
    }

    @Override
    public void run(Swap swap) {
        JournalRecord.Commit commit = journal.nextCommit(swap.transactionId, clock.instant(),
                swap.bundles.stream().map(VerifiedBundle::record).toList());
        journal.append(commit);
        swap.after = journal.state().level();
    }
}
