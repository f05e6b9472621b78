package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * JOURNAL: records old set → new set, fsynced, before the container is touched; from here on a crash is rolled
 * back at the next start. Its undo records ROLLED_BACK with the swap's cause, which the engine runs only once the
 * container is back.
 */
final class IntentTask implements SwapTask {
    private final SwapContext swap;
    private final Journal journal;
    private final Clock clock;
    private final Supplier<Throwable> cause;

    /** @param cause why the swap is undone, once it is: the rollback record carries it for the history */
    IntentTask(SwapContext swap, Journal journal, Clock clock, Supplier<Throwable> cause) {
        this.swap = swap;
        this.journal = journal;
        this.clock = clock;
        this.cause = cause;
    }

    @Override
    public SwapStep step() {
        return SwapStep.JOURNAL;
    }

    @Override
    public void run() {
        List<BundleRecord> before = new ArrayList<>();
        for (String name : swap.symbolicNames()) {
            swap.before.bundle(name).ifPresent(before::add);
        }
        journal.append(new JournalRecord.Intent(swap.transactionId, clock.instant(), swap.patch.label(), before,
                swap.records()));
    }

    @Override
    public void undo() {
        journal.append(new JournalRecord.RolledBack(swap.transactionId, clock.instant(), false,
                String.valueOf(Outcomes.describe(cause.get(), null))));
    }
}
