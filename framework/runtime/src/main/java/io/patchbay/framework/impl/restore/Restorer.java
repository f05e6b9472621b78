package io.patchbay.framework.impl.restore;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.impl.container.BundleStates;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;

/**
 * Puts bundles back at a committed level: the one path for a swap's rollback, for crash recovery at start-up and
 * for the retry after a failed rollback.
 *
 * <p>It looks at what the container holds rather than trusting a record of what a swap did: a bundle whose content
 * already is the committed one (its update failed, say on a full disk) is not updated again but only started; a
 * bundle holding other content is updated from the verified committed bytes; one the level does not contain is
 * uninstalled. Every committed byte is read and verified before anything is touched, so a restore that cannot
 * succeed fails before it changes the container. Bundles meant to run (started persistently) are started again.
 */
public final class Restorer {
    private final Container container;
    private final CommittedBundles committed;

    public Restorer(Container container, CommittedBundles committed) {
        this.container = container;
        this.committed = committed;
    }

    /**
     * Restores the bundles named {@code symbolicNames} to {@code level} and starts those meant to run.
     *
     * @param progress told of each bundle restored and each restarted, e.g. "restored x 1.0.0"
     * @throws Exception when a bundle cannot be restored or does not run afterwards; what was restored stays so
     */
    public void restoreAndStart(Collection<String> symbolicNames, PatchLevel level, Consumer<String> progress)
            throws Exception {
        startMeantToRun(restore(symbolicNames, level, progress), progress);
    }

    /**
     * Restores the bundles named {@code symbolicNames} to {@code level} without starting any (at start-up the
     * framework starts them later): names the level lacks are uninstalled, the others hold their committed content.
     *
     * @return the bundles of the level among {@code symbolicNames}
     */
    public List<Bundle> restore(Collection<String> symbolicNames, PatchLevel level, Consumer<String> progress)
            throws Exception {
        Map<String, VerifiedBundle> sources = new LinkedHashMap<>();
        for (String name : symbolicNames) {
            Optional<BundleRecord> record = level.bundle(name);
            if (record.isPresent()) {
                sources.put(name, committed.verified(record.get()));
            }
        }
        List<Bundle> touched = new ArrayList<>();
        List<Bundle> restored = new ArrayList<>();
        for (String name : symbolicNames) {
            Optional<Bundle> current = container.find(name);
            VerifiedBundle source = sources.get(name);
            if (source == null) {
                if (current.isPresent()) {
                    container.uninstall(current.get());
                    touched.add(current.get());
                    progress.accept("uninstalled " + name + ", which the level does not contain");
                }
                continue;
            }
            Bundle bundle;
            if (current.isEmpty()) {
                bundle = container.install(source);
                touched.add(bundle);
            } else if (container.admitIfHolds(current.get(), source)) {
                bundle = current.get();
            } else {
                bundle = current.get();
                container.stopTransient(bundle);
                container.update(bundle, source);
                touched.add(bundle);
            }
            restored.add(bundle);
            progress.accept((touched.contains(bundle) ? "restored " : "kept ") + name + " " + source.version());
        }
        container.refresh(touched);
        return restored;
    }

    /**
     * Starts every bundle of {@code bundles} that is meant to run and checks it does; a gated bundle the feature gate
     * holds back is left stopped, which is no failure (gated bundles start last, after a gate among them).
     */
    public void startMeantToRun(List<Bundle> bundles, Consumer<String> progress) throws Exception {
        List<String> notRunning = new ArrayList<>();
        for (Bundle bundle : container.features().gatedLast(bundles)) {
            if (!BundleStates.meantToRun(bundle)) {
                continue;
            }
            if (bundle.getState() != Bundle.ACTIVE) {
                String held = container.start(bundle);
                if (held != null) {
                    progress.accept("held " + bundle.getSymbolicName() + " " + bundle.getVersion() + ": " + held);
                    continue;
                }
            }
            if (bundle.getState() == Bundle.ACTIVE) {
                progress.accept("restarted " + bundle.getSymbolicName() + " " + bundle.getVersion());
            } else {
                notRunning.add(bundle.getSymbolicName() + " is " + BundleStates.name(bundle.getState()));
            }
        }
        if (!notRunning.isEmpty()) {
            throw new PatchbayException("restored bundles did not start: " + String.join(", ", notRunning));
        }
    }
}
