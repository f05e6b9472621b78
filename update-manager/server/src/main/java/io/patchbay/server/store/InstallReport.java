package io.patchbay.server.store;

import java.time.Instant;
import java.util.List;

/**
 * One install report of a client: a progress state or the final result of installing the patch level
 * {@code targetSequence}, with the cause of a failure, per-step timings and a bounded log excerpt.
 *
 * @param clientId       the client
 * @param targetSequence the patch level being installed
 * @param state          progress or final result
 * @param timings        per-step timings, as the client measured them
 * @param signedAt     the signed timestamp of the request that carried it
 * @param cause        null unless the client gave one (expected for failures)
 * @param logExcerpt   null or the tail of the client's log, at most {@link StoreLimits#MAX_LOG_EXCERPT_CHARS}
 * @param deploymentId null, or the deployment the report belongs to, as the agent names it
 * @param policyJson   null, or the host's policy-engine report as a JSON object text (see {@code PolicyReportJson})
 * @param swapId       null, or the runtime's transaction id of the swap a final report describes: a report sent again
 *                     with the same swap id (after the agent lost the acknowledgement) is the same report
 */
public record InstallReport(String clientId, long targetSequence, InstallState state, String cause,
                            List<StepTiming> timings, String logExcerpt, Instant signedAt, String deploymentId,
                            String policyJson, String swapId) {
    /**
     * Copies the timings.
     *
     * @param clientId       the client
     * @param targetSequence the patch level being installed
     * @param state          progress or final result
     * @param cause          the failure's cause, or null
     * @param timings        per-step timings (copied)
     * @param logExcerpt     the tail of the client's log, or null
     * @param signedAt       the signed timestamp of the carrying request
     * @param deploymentId   the deployment, or null
     * @param policyJson     the policy-engine report, or null
     * @param swapId         the swap's transaction id, or null
     */
    public InstallReport {
        timings = List.copyOf(timings);
    }

    /**
     * A report without a swap id (progress states).
     *
     * @param clientId       the client
     * @param targetSequence the patch level being installed
     * @param state          progress or final result
     * @param cause          the failure's cause, or null
     * @param timings        per-step timings
     * @param logExcerpt     the tail of the client's log, or null
     * @param signedAt       the signed timestamp of the carrying request
     * @param deploymentId   the deployment, or null
     * @param policyJson     the policy-engine report, or null
     */
    public InstallReport(String clientId, long targetSequence, InstallState state, String cause,
                         List<StepTiming> timings, String logExcerpt, Instant signedAt, String deploymentId,
                         String policyJson) {
        this(clientId, targetSequence, state, cause, timings, logExcerpt, signedAt, deploymentId, policyJson, null);
    }

    /**
     * A report without deployment and policy (agents before they were sent).
     *
     * @param clientId       the client
     * @param targetSequence the patch level being installed
     * @param state          progress or final result
     * @param cause          the failure's cause, or null
     * @param timings        per-step timings
     * @param logExcerpt     the tail of the client's log, or null
     * @param signedAt       the signed timestamp of the carrying request
     */
    public InstallReport(String clientId, long targetSequence, InstallState state, String cause,
                         List<StepTiming> timings, String logExcerpt, Instant signedAt) {
        this(clientId, targetSequence, state, cause, timings, logExcerpt, signedAt, null, null, null);
    }
}
