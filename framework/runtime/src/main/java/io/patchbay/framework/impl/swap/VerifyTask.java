package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** VERIFY: the publisher gate; touches nothing. */
final class VerifyTask implements SwapTask {
    private final PublisherGate gate;

    VerifyTask(PublisherGate gate) {
        this.gate = gate;
    }

    @Override
    public SwapStep step() {
        return SwapStep.VERIFY;
    }

    @Override
    public void run(Swap swap) {
        List<VerifiedBundle> verified = new ArrayList<>(gate.verify(swap.patch, swap.before));
        verified.sort(Comparator.comparing(VerifiedBundle::symbolicName));
        swap.bundles = List.copyOf(verified);
    }
}
