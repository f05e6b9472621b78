package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.health.HealthGate;
import java.time.Duration;

/** HEALTH: every patched bundle that was started ACTIVE and its health checks passing within the timeout. */
final class HealthTask implements SwapTask {
    private final StartTask start;
    private final HealthGate gate;
    private final Duration timeout;

    HealthTask(StartTask start, HealthGate gate, Duration timeout) {
        this.start = start;
        this.gate = gate;
        this.timeout = timeout;
    }

    @Override
    public SwapStep step() {
        return SwapStep.HEALTH;
    }

    @Override
    public void run() {
        gate.check(start.judged(), timeout);
    }
}
