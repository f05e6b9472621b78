package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.restore.CommittedBundles;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.Optional;

/**
 * STAGE: the verified bytes go into the content-addressed store, fsynced; then the committed bytes of every bundle
 * the patch replaces are read back and their hash checked, healing a damaged entry from the running revision while it still
 * runs. A patch is applied only if its rollback is possible. No undo: an entry no level refers to is removed by the
 * next garbage collection.
 */
final class StageTask implements SwapTask {
    private final SwapContext swap;
    private final BundleStore store;
    private final CommittedBundles committed;

    StageTask(SwapContext swap, BundleStore store, CommittedBundles committed) {
        this.swap = swap;
        this.store = store;
        this.committed = committed;
    }

    @Override
    public SwapStep step() {
        return SwapStep.STAGE;
    }

    @Override
    public void run() {
        for (VerifiedBundle bundle : swap.bundles) {
            String hash = store.put(bundle.bytes());
            if (!hash.equals(bundle.sha256())) {
                throw new StoreException("store returned " + hash + " for " + bundle.symbolicName() + ", expected " + bundle.sha256());
            }
        }
        for (VerifiedBundle bundle : swap.bundles) {
            Optional<BundleRecord> replaced = swap.before.bundle(bundle.symbolicName());
            if (replaced.isPresent()) {
                committed.requireIntact(replaced.get());
            }
        }
    }
}
