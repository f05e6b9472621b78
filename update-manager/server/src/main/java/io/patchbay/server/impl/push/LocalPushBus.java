package io.patchbay.server.impl.push;

import java.util.Objects;

/** The single-node bus (embedded H2): a committed push wakes this node's fan-out directly. */
public final class LocalPushBus implements PushBus {
    private volatile Runnable onWake = () -> { };

    @Override
    public void start(Runnable onWake) {
        this.onWake = Objects.requireNonNull(onWake);
    }

    @Override
    public void announce(long batchId) {
        onWake.run();
    }

    @Override
    public void close() {
        onWake = () -> { };
    }
}
