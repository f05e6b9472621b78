package io.patchbay.agent.impl.update;

import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.SwapResult;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Installs an assigned deployment in two steps, so the update policy can sit between them: {@link #download}
 * (through TUF, whenever a deployment is pending, even outside a maintenance window) and {@link #submit} (to
 * {@code PatchService}, when the policy says APPLY_NOW or at the host's commit point). The final result of a swap
 * is reported from the swap history by the reporter (one source of final results, crash-safe); the handler
 * sends DOWNLOADING, and a final REJECTED only when TUF refused the release (nothing reached the runtime).
 */
public interface DeploymentHandler {

    /** Refreshes TUF metadata and downloads every target (verified); sends DOWNLOADING first. */
    Download download(Deployment deployment, FeedbackSender feedback);

    /**
     * Submits the downloaded bytes as one patch labelled with the release; never retries a CRASHED one. Sends
     * nothing (it may run on the host's thread at a commit point); completes when the swap ended.
     */
    CompletionStage<SwapResult> submit(Deployment deployment, List<Patch.Artifact> artifacts);

    /**
     * @param artifacts the verified bytes, or null when not downloaded
     * @param state     null when downloaded; RETRY (transport or storage: try again later) or REJECTED (TUF
     *                  refused the release: final, already reported)
     */
    record Download(List<Patch.Artifact> artifacts, String state, String cause) {
        public boolean ok() {
            return artifacts != null;
        }

        public boolean rejected() {
            return "REJECTED".equals(state);
        }
    }

    /**
     * @param state the final state (a swap outcome name, or REJECTED when TUF refused the bytes)
     * @param cause why it did not commit, or null
     */
    record Result(String state, String cause) {
        public boolean committed() {
            return "COMMITTED".equals(state);
        }
    }
}
