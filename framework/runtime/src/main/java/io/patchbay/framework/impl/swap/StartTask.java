package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.container.Container;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;

/**
 * START: starts every patched bundle persistently, so they start again after a restart. A bundle the feature gate
 * holds back (its features are not licensed, or no gate runs) is not started and not a failure: it is committed,
 * reported as held, and left out of the health gate. Ungated bundles start first, so a feature gate in the same
 * patch decides on the gated ones. Undone by APPLY's undo.
 */
final class StartTask implements SwapTask {
    private final SwapContext swap;
    private final ApplyTask apply;
    private final Container container;
    private final Map<String, String> held = new LinkedHashMap<>();
    private final List<Bundle> started = new ArrayList<>();

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
        for (Bundle bundle : container.features().gatedLast(apply.patched())) {
            String reason = container.start(bundle);
            if (reason != null) {
                held.put(bundle.getSymbolicName(), reason);
                swap.progress(SwapStep.START, "held " + bundle.getSymbolicName() + " " + bundle.getVersion() + ": " + reason);
                continue;
            }
            started.add(bundle);
            swap.progress(SwapStep.START, "started " + bundle.getSymbolicName() + " " + bundle.getVersion());
        }
    }

    /** The patched bundles the health gate judges: all but those held back. */
    List<Bundle> judged() {
        return List.copyOf(started);
    }

    /** Symbolic name to reason of the patched bundles held back. */
    Map<String, String> held() {
        return Map.copyOf(held);
    }
}
