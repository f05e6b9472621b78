package io.patchbay.framework.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives swap events synchronously on the swapping thread, so it sees each step before the next one
 * begins. Keep it quick; an exception it throws is logged and ignored.
 */
@ConsumerType
@FunctionalInterface
public interface SwapListener {
    /**
     * Called for each event of a swap, in order.
     *
     * @param event what happened
     */
    void onEvent(SwapEvent event);
}
