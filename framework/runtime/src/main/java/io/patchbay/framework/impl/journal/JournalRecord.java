package io.patchbay.framework.impl.journal;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import java.time.Instant;
import java.util.List;

/** One line of the journal. */
public sealed interface JournalRecord {

    String transactionId();

    Instant at();

    /**
     * A swap is about to change the container.
     *
     * @param before the committed records of the patch's bundles that already existed
     * @param after  the records the patch brings; a name missing from {@code before} is a new bundle
     */
    record Intent(String transactionId, Instant at, String label, List<BundleRecord> before,
                  List<BundleRecord> after) implements JournalRecord {
        public Intent {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }

        /** Whether the bundle named {@code symbolicName} is new with this swap. */
        public boolean adds(String symbolicName) {
            return before.stream().noneMatch(b -> b.symbolicName().equals(symbolicName));
        }
    }

    /**
     * A swap finished: {@code bundles} is the new committed level. {@code previous} holds, for each bundle, the
     * version committed before its current one, so the store keeps it for a later rollback.
     */
    record Commit(String transactionId, Instant at, long sequence, List<BundleRecord> bundles,
                  List<BundleRecord> previous) implements JournalRecord {
        public Commit {
            bundles = List.copyOf(bundles);
            previous = List.copyOf(previous);
        }
    }

    /**
     * A swap's changes were undone; the committed level is unchanged. It carries what the swap history says of the
     * swap, so a history record lost at a crash is rebuilt from it at the next start.
     *
     * @param crashed whether the swap was in flight when the process died (the history's CRASHED), rather than
     *                rolled back by the runtime
     * @param cause   why it was rolled back, at most {@link #MAX_CAUSE_CHARS} characters; null in records written
     *                before the journal carried it
     */
    record RolledBack(String transactionId, Instant at, boolean crashed, String cause) implements JournalRecord {
        /** A swap's cause comes from bundle code: a bound keeps a hostile message out of every later start-up. */
        public static final int MAX_CAUSE_CHARS = 1024;

        public RolledBack {
            if (cause != null && cause.length() > MAX_CAUSE_CHARS) {
                int keep = MAX_CAUSE_CHARS;
                if (Character.isHighSurrogate(cause.charAt(keep - 1))) {
                    keep--;
                }
                cause = cause.substring(0, keep);
            }
        }

        /** A rollback without a recorded cause, as journals before the history was rebuilt from them held. */
        public RolledBack(String transactionId, Instant at) {
            this(transactionId, at, false, null);
        }
    }
}
