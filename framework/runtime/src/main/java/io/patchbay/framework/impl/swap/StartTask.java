package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.container.Container;
import org.osgi.framework.Bundle;

/** START: starts every patched bundle persistently, so they start again after a restart. Undone by APPLY's undo. */
final class StartTask implements SwapTask {
    private final SwapContext swap;
    private final ApplyTask apply;
    private final Container container;

    StartTask(SwapContext swap, ApplyTask apply, Container container) {
        this.swap = swap;
        this.apply = apply;
        this.container = container;
    }

    @Override
    public SwapStep step() {
        return SwapStep.START;
    }

    @Override
    public void run() throws Exception {
        for (Bundle bundle : apply.patched()) {
            container.start(bundle);
            swap.progress(SwapStep.START, "started " + bundle.getSymbolicName() + " " + bundle.getVersion());
        }
    }
}
