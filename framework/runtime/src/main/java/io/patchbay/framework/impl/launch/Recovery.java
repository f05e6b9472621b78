package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.restore.Restorer;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.swap.HistorySink;
import io.patchbay.framework.impl.swap.JournaledSwaps;
import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the container to the committed level before any patch-managed bundle starts.
 *
 * <p>Cache strategy: the container's cache is <em>kept</em> (bundles keep their persistent data areas, and attached
 * mode cannot wipe someone else's framework anyway) but never trusted. The journal says what is committed; the store
 * holds the bytes, which pass the publisher gate again before anything is installed from them. Every start runs the
 * same restore a rollback uses over every managed and every committed bundle: a managed bundle outside the level is
 * uninstalled, one holding other content than committed (a swap cut short by a crash, a torn cache write,
 * tampering) is put back, a missing one is installed.
 *
 * <p>A swap that was in flight (an intent without its end) is then journaled ROLLED_BACK and recorded in the history
 * as CRASHED, so the same patch is not applied again by accident: a patch that kills its host must not crash-loop
 * it. When the cache cannot even be read, the embedded launcher wipes it and runs this again on an empty one.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Container container;
    private final Restorer restorer;
    private final BundleStore store;
    private final Journal journal;
    private final PublisherGate gate;
    private final HistorySink history;
    private final Clock clock;
    private final List<Path> initialBundles;

    Recovery(Container container, Restorer restorer, BundleStore store, Journal journal, PublisherGate gate,
             HistorySink history, Clock clock, List<Path> initialBundles) {
        this.container = container;
        this.restorer = restorer;
        this.store = store;
        this.journal = journal;
        this.gate = gate;
        this.history = history;
        this.clock = clock;
        this.initialBundles = initialBundles;
    }

    void run() throws Exception {
        backfillHistory();
        Optional<JournalRecord.Intent> unfinished = journal.state().unfinished();
        if (unfinished.isEmpty() && journal.state().level().sequence() == 0 && !initialBundles.isEmpty()) {
            commitInitialBundles();
        }
        PatchLevel level = journal.state().level();
        Set<String> names = new LinkedHashSet<>();
        container.managed().forEach(b -> names.add(Container.symbolicNameOf(b)));
        level.bundles().forEach(b -> names.add(b.symbolicName()));
        unfinished.ifPresent(intent -> {
            LOG.warn("swap {} ('{}') was interrupted before it committed; rolling it back to level {}",
                    intent.transactionId(), intent.label(), level.sequence());
            intent.after().forEach(b -> names.add(b.symbolicName()));
        });
        restorer.restore(names, level, detail -> LOG.info("recovery: {}", detail));
        if (unfinished.isPresent()) {
            recordInterrupted(unfinished.get(), level);
        }
        store.retainOnly(journal.state().retainedHashes());
        journal.compactIfNeeded(history::flush);
    }

    /**
     * First, so that the history holds the journal's swaps in order before anything is added to it. A history that
     * cannot be written must not keep the committed level from starting: it may then miss records, never repeat one.
     */
    private void backfillHistory() {
        try {
            history.backfill(JournaledSwaps.ended(journal.records()));
        } catch (RuntimeException e) {
            LOG.error("the swap history could not take the swaps the journal holds and it lacks", e);
        }
    }

    /**
     * A swap that ended ROLLBACK_FAILED before the restart was restored now; any other interrupted swap was in
     * flight when the process died.
     */
    private void recordInterrupted(JournalRecord.Intent intent, PatchLevel level) {
        boolean restoring = history.lastOutcome(intent.transactionId()).filter(o -> o == Outcome.ROLLBACK_FAILED).isPresent();
        String cause = restoring
                ? "restored at start-up after a failed rollback"
                : "the process ended while this swap was in flight; rolled back at the next start";
        JournalRecord.RolledBack end = new JournalRecord.RolledBack(intent.transactionId(), clock.instant(), !restoring,
                cause);
        journal.append(end);
        try {
            history.recordJournaled(JournaledSwaps.record(intent, end, level));
        } catch (RuntimeException e) {
            // the level is already restored and journaled; a full disk must not turn that into an outage
            LOG.error("swap {} was rolled back at start-up but its {} record could not be written", intent.transactionId(),
                    restoring ? "ROLLED_BACK" : "CRASHED", e);
        }
    }

    /** The first start with an empty journal: the initial bundles are verified, stored and committed as level 1. */
    private void commitInitialBundles() {
        Patch patch;
        try {
            patch = Patch.of("initial bundles", initialBundles);
        } catch (UncheckedIOException e) {
            throw new PatchbayException(e.getMessage(), e);
        }
        List<BundleRecord> records = new ArrayList<>();
        for (VerifiedBundle bundle : gate.verify(patch, journal.state().level())) {
            store.put(bundle.bytes());
            records.add(bundle.record());
        }
        journal.append(journal.nextCommit("initial-" + UUID.randomUUID(), clock.instant(), records));
        LOG.info("committed {} initial bundle(s) as level 1", records.size());
    }

    /**
     * Starts every committed bundle; one that fails is logged, the others still start. Gated bundles go last, after a
     * feature gate among the committed ones; those it does not permit stay stopped (the gate starts them when their
     * features are licensed).
     */
    void startCommitted(PatchLevel level) {
        List<Bundle> bundles = new ArrayList<>();
        for (BundleRecord record : level.bundles()) {
            Optional<Bundle> bundle = container.find(record.symbolicName());
            if (bundle.isEmpty()) {
                LOG.error("committed bundle {} is not installed", record.symbolicName());
                continue;
            }
            bundles.add(bundle.get());
        }
        for (Bundle bundle : container.features().gatedLast(bundles)) {
            try {
                String held = container.start(bundle);
                if (held != null) {
                    LOG.info("committed bundle {} {} stays stopped: {}", bundle.getSymbolicName(), bundle.getVersion(), held);
                }
            } catch (Exception | LinkageError e) {
                LOG.error("committed bundle {} {} failed to start", bundle.getSymbolicName(), bundle.getVersion(), e);
            }
        }
    }
}
