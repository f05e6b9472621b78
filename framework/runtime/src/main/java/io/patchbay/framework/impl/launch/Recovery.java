package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.container.InstalledContent;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.journal.JournalState;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the container to the committed level before any patch-managed bundle starts.
 *
 * <p>Cache strategy: the container's cache is <em>kept</em> (bundles keep their persistent data areas, and attached
 * mode cannot wipe someone else's framework anyway) but never trusted. The store and the journal are the source of
 * truth, and every start reconciles the cache against them:
 * <ol>
 *   <li>an unfinished journal intent (a crash mid-swap) is undone first: each bundle it touched is put back to its
 *       committed bytes from the store, each bundle it added is uninstalled, then ROLLED_BACK is journaled;</li>
 *   <li>every other patch-managed bundle ({@code patchbay:} location) is compared entry by entry with its committed
 *       jar; any difference (a torn cache write, tampering) is repaired from the store; a managed bundle outside
 *       the committed level is uninstalled; a committed bundle that is missing is installed.</li>
 * </ol>
 * When the cache cannot even be read, the embedded launcher wipes it and runs this again on an empty one.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Container container;
    private final BundleStore store;
    private final Journal journal;
    private final PublisherGate gate;
    private final Clock clock;
    private final List<Path> initialBundles;

    Recovery(Container container, BundleStore store, Journal journal, PublisherGate gate, Clock clock,
             List<Path> initialBundles) {
        this.container = container;
        this.store = store;
        this.journal = journal;
        this.gate = gate;
        this.clock = clock;
        this.initialBundles = initialBundles;
    }

    void run() throws BundleException, IOException {
        JournalState state = journal.state();
        Set<String> restored = new HashSet<>();
        Optional<JournalRecord.Intent> unfinished = state.unfinished();
        if (unfinished.isPresent()) {
            JournalRecord.Intent intent = unfinished.get();
            LOG.warn("swap {} ('{}') was interrupted before it committed; rolling it back to level {}",
                    intent.transactionId(), intent.label(), state.level().sequence());
            container.refresh(undo(intent, state.level(), restored));
            journal.append(new JournalRecord.RolledBack(intent.transactionId(), clock.instant()));
        }
        if (journal.state().level().sequence() == 0 && !initialBundles.isEmpty()) {
            commitInitialBundles();
        }
        container.refresh(reconcile(journal.state().level(), restored));
        store.retainOnly(journal.state().retainedHashes());
        journal.compactIfNeeded();
    }

    private List<Bundle> undo(JournalRecord.Intent intent, PatchLevel level, Set<String> restored) throws BundleException {
        List<Bundle> changed = new ArrayList<>();
        for (BundleRecord touched : intent.after()) {
            String bsn = touched.symbolicName();
            Optional<Bundle> current = container.find(bsn);
            Optional<BundleRecord> committed = level.bundle(bsn);
            if (committed.isEmpty()) {
                if (current.isPresent()) {
                    current.get().uninstall();
                    changed.add(current.get());
                    LOG.info("recovery: uninstalled {}, which the interrupted swap had added", bsn);
                }
                continue;
            }
            changed.add(putCommitted(bsn, committed.get(), current));
            restored.add(bsn);
            LOG.info("recovery: {} restored to committed {}", bsn, committed.get().version());
        }
        return changed;
    }

    private List<Bundle> reconcile(PatchLevel level, Set<String> alreadyRestored) throws BundleException, IOException {
        Map<String, BundleRecord> committed = new HashMap<>();
        level.bundles().forEach(b -> committed.put(b.symbolicName(), b));
        List<Bundle> changed = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Bundle bundle : container.managed()) {
            String bsn = Container.symbolicNameOf(bundle);
            BundleRecord record = committed.get(bsn);
            present.add(bsn);
            if (record == null) {
                LOG.warn("bundle {} at {} is not in committed level {}; uninstalling it", bsn, bundle.getLocation(), level.sequence());
                bundle.uninstall();
                changed.add(bundle);
            } else if (!alreadyRestored.contains(bsn)) {
                if (InstalledContent.matches(bundle, store.get(record.sha256()))) {
                    container.admitCurrent(bundle);
                } else {
                    LOG.warn("the container holds different content for {} than committed {}; reinstalling it from the store",
                            bsn, record.version());
                    changed.add(putCommitted(bsn, record, Optional.of(bundle)));
                }
            }
        }
        for (BundleRecord record : level.bundles()) {
            if (!present.contains(record.symbolicName())) {
                container.install(record.symbolicName(), store.get(record.sha256()));
                LOG.info("installed committed {} {} from the store", record.symbolicName(), record.version());
            }
        }
        return changed;
    }

    private Bundle putCommitted(String bsn, BundleRecord record, Optional<Bundle> current) throws BundleException {
        byte[] bytes = store.get(record.sha256());
        if (current.isPresent()) {
            Container.stopTransient(current.get());
            container.update(current.get(), bytes);
            return current.get();
        }
        return container.install(bsn, bytes);
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

    /** Starts every committed bundle; one that fails is logged, the others still start. */
    void startCommitted(PatchLevel level) {
        for (BundleRecord record : level.bundles()) {
            Optional<Bundle> bundle = container.find(record.symbolicName());
            if (bundle.isEmpty()) {
                LOG.error("committed bundle {} is not installed", record.symbolicName());
                continue;
            }
            try {
                Container.start(bundle.get());
            } catch (BundleException | RuntimeException e) {
                LOG.error("committed bundle {} {} failed to start", record.symbolicName(), record.version(), e);
            }
        }
    }
}
