package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;

/**
 * APPLY: stop each patched bundle, update it in place (or install a new one at {@code patchbay:<bsn>}), then refresh
 * only those bundles, so the framework rewires just their dependency closure. The undo puts back the committed bytes
 * from the store, uninstalls what the patch added, refreshes, and restarts what was running.
 */
final class ApplyTask implements SwapTask {
    private final Container container;
    private final BundleStore store;

    ApplyTask(Container container, BundleStore store) {
        this.container = container;
        this.store = store;
    }

    @Override
    public SwapStep step() {
        return SwapStep.APPLY;
    }

    @Override
    public void run(Swap swap) throws Exception {
        List<Bundle> updated = new ArrayList<>();
        for (VerifiedBundle bundle : swap.bundles) {
            Optional<Bundle> existing = container.find(bundle.symbolicName());
            swap.attempted.add(bundle.symbolicName());
            Bundle installed;
            if (existing.isPresent()) {
                installed = existing.get();
                if (installed.getState() == Bundle.ACTIVE) {
                    swap.wasActive.add(bundle.symbolicName());
                }
                Container.stopTransient(installed);
                container.update(installed, bundle.bytes());
                updated.add(installed);
            } else {
                installed = container.install(bundle.symbolicName(), bundle.bytes());
            }
            swap.patched.add(installed);
            swap.progress(SwapStep.APPLY, (existing.isPresent() ? "updated " : "installed ")
                    + bundle.symbolicName() + " " + bundle.version());
        }
        container.refresh(updated);
    }

    @Override
    public void undo(Swap swap) throws Exception {
        List<Bundle> touched = new ArrayList<>();
        List<Bundle> restart = new ArrayList<>();
        for (String symbolicName : swap.attempted) {
            Optional<Bundle> current = container.find(symbolicName);
            Optional<BundleRecord> committed = swap.before.bundle(symbolicName);
            if (committed.isEmpty()) {
                if (current.isPresent()) {
                    current.get().uninstall();
                    touched.add(current.get());
                }
                continue;
            }
            byte[] bytes = store.get(committed.get().sha256());
            Bundle restored;
            if (current.isPresent()) {
                restored = current.get();
                Container.stopTransient(restored);
                container.update(restored, bytes);
            } else {
                restored = container.install(symbolicName, bytes);
            }
            swap.progress(SwapStep.ROLLBACK, "restored " + symbolicName + " " + committed.get().version());
            touched.add(restored);
            if (swap.wasActive.contains(symbolicName)) {
                restart.add(restored);
            }
        }
        container.refresh(touched);
        List<String> notRunning = new ArrayList<>();
        for (Bundle bundle : restart) {
            Container.start(bundle);
            if (bundle.getState() != Bundle.ACTIVE) {
                notRunning.add(bundle.getSymbolicName() + " is " + Container.stateName(bundle.getState()));
            } else {
                swap.progress(SwapStep.ROLLBACK, "restarted " + bundle.getSymbolicName() + " " + bundle.getVersion());
            }
        }
        if (!notRunning.isEmpty()) {
            throw new PatchbayException("restored bundles did not start: " + String.join(", ", notRunning));
        }
    }
}
