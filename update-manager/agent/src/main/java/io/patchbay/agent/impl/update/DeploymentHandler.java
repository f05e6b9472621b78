package io.patchbay.agent.impl.update;

import io.patchbay.agent.impl.report.FeedbackSender;

/**
 * Installs an assigned deployment: downloads its bundles through TUF, hands them to {@code PatchService}, and
 * sends progress (DOWNLOADING, APPLYING). The poll loop will call it with the check-in reply's {@code deployment}
 * once the server sends one, after the update policy allowed it; not wired yet.
 */
public interface DeploymentHandler {

    /**
     * Runs the deployment to its end. Progress goes to {@code feedback} as it happens; the final result of a swap
     * is reported from the swap history by the reporter (one source of final results, crash-safe), so the
     * handler itself sends a final state only for a failure before any swap began (TUF refused the release).
     */
    Result handle(Deployment deployment, FeedbackSender feedback);

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
