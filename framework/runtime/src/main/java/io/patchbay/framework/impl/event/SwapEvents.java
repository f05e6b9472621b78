package io.patchbay.framework.impl.event;

import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapListener;
import io.patchbay.framework.api.SwapStep;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers swap events synchronously on the swapping thread, in registration order. A listener that blocks holds
 * the swap exactly at that point (the crash test relies on this); one that throws is logged and skipped.
 */
public final class SwapEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SwapEvents.class);

    private final List<SwapListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public SwapEvents(Clock clock) {
        this.clock = clock;
    }

    public void add(SwapListener listener) {
        listeners.add(listener);
    }

    public void remove(SwapListener listener) {
        listeners.remove(listener);
    }

    public void emit(String transactionId, SwapStep step, SwapEvent.Phase phase, String detail) {
        SwapEvent event = new SwapEvent(transactionId, step, phase, clock.instant(), detail);
        LOG.debug("swap {} {} {} {}", transactionId, step, phase, detail);
        for (SwapListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("swap listener {} failed on {}; ignored", listener, event, e);
            }
        }
    }
}
