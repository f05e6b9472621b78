package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.health.HealthGate;
import java.time.Duration;

/** HEALTH: every patched bundle ACTIVE and its health checks passing within the timeout. */
final class HealthTask implements SwapTask {
    private final HealthGate gate;
    private final Duration timeout;

    HealthTask(HealthGate gate, Duration timeout) {
        this.gate = gate;
        this.timeout = timeout;
    }

    @Override
    public SwapStep step() {
        return SwapStep.HEALTH;
    }

    @Override
    public void run(Swap swap) {
        gate.check(swap.patched, timeout);
    }
}
