package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.health.HealthGate;
import java.time.Duration;

/** HEALTH: every patched bundle ACTIVE and its health checks passing within the timeout. */
final class HealthTask implements SwapTask {
    private final ApplyTask apply;
    private final HealthGate gate;
    private final Duration timeout;

    HealthTask(ApplyTask apply, HealthGate gate, Duration timeout) {
        this.apply = apply;
        this.gate = gate;
        this.timeout = timeout;
    }

    @Override
    public SwapStep step() {
        return SwapStep.HEALTH;
    }

    @Override
    public void run() {
        gate.check(apply.patched(), timeout);
    }
}
