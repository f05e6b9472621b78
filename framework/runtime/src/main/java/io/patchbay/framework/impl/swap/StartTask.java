package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.container.Container;
import org.osgi.framework.Bundle;

/** START: starts every patched bundle (persistently, so they start again after a restart). Undone by APPLY's undo. */
final class StartTask implements SwapTask {

    @Override
    public SwapStep step() {
        return SwapStep.START;
    }

    @Override
    public void run(Swap swap) throws Exception {
        for (Bundle bundle : swap.patched) {
            Container.start(bundle);
            swap.progress(SwapStep.START, "started " + bundle.getSymbolicName() + " " + bundle.getVersion());
        }
    }
}
