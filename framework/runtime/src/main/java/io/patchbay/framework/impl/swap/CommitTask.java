package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import java.time.Clock;

/** COMMIT: the fsynced commit record is the moment the new level exists. */
final class CommitTask implements SwapTask {
    private final SwapContext swap;
    private final Journal journal;
    private final Clock clock;
    private PatchLevel committed;

    CommitTask(SwapContext swap, Journal journal, Clock clock) {
        this.swap = swap;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public SwapStep step() {
        return SwapStep.COMMIT;
    }

    @Override
    public void run() {
        journal.append(journal.nextCommit(swap.transactionId, clock.instant(), swap.records()));
        committed = journal.state().level();
    }

    /** The new level, once run. */
    PatchLevel committed() {
        return committed;
    }
}
