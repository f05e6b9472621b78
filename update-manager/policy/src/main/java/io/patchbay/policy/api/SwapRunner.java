package io.patchbay.policy.api;

import java.util.concurrent.CompletionStage;

/**
 * How the engine runs a swap at a host's commit point: the agent submits the downloaded patch to
 * {@code PatchService} and completes the stage with whether the new level was committed.
 */
@FunctionalInterface
public interface SwapRunner {
    CompletionStage<Boolean> swap(PendingUpdate update);
}
