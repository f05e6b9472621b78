package io.patchbay.agent.impl.update;

import io.patchbay.framework.api.Patch;
import io.patchbay.policy.api.PendingUpdate;
import java.util.List;

/**
 * The deployment being worked on: what the {@link DeploymentController} offered the policy engine, and how far its
 * swap got. The swap's fields are volatile because the host's thread (a swap at its commit point) and the swap's own
 * thread (its end) write them while the agent's ticks read them.
 */
final class ActiveDeployment {
    final Deployment deployment;
    final PendingUpdate update;
    volatile List<Patch.Artifact> artifacts;
    volatile boolean swapStarted;
    /** The submit's stage failed: the runtime stopped or refused to queue it, so no history record follows. */
    volatile Throwable notRun;
    /** The submit's stage completed (either way). */
    volatile boolean swapEnded;
    String lastReported;
    String lastDownloadProblem;

    ActiveDeployment(Deployment deployment, PendingUpdate update) {
        this.deployment = deployment;
        this.update = update;
    }
}
