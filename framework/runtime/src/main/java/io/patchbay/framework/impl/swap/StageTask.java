package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.verify.VerifiedBundle;

/**
 * STAGE: the verified bytes go into the content-addressed store, fsynced. No undo: an entry no level refers to is
 * removed by the next garbage collection.
 */
final class StageTask implements SwapTask {
    private final BundleStore store;

    StageTask(BundleStore store) {
        this.store = store;
    }

    @Override
    public SwapStep step() {
        return SwapStep.STAGE;
    }

    @Override
    public void run(Swap swap) {
        for (VerifiedBundle bundle : swap.bundles) {
            String hash = store.put(bundle.bytes());
            if (!hash.equals(bundle.sha256())) {
                throw new StoreException("store returned " + hash + " for " + bundle.symbolicName() + ", expected " + bundle.sha256());
            }
        }
    }
}
