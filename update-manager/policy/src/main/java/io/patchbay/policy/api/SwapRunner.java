package io.patchbay.policy.api;

import java.util.concurrent.CompletionStage;

/**
 * How the engine runs a swap at a host's commit point: the agent submits the downloaded patch to
 * {@code PatchService} and completes the stage with whether the new level was committed.
 */
@FunctionalInterface
public interface SwapRunner {
    /**
     * Starts the swap.
     *
     * @param update the update to swap in
     * @return completes with true when the new level was committed, false when it was not
     */
    CompletionStage<Boolean> swap(PendingUpdate update);
}
