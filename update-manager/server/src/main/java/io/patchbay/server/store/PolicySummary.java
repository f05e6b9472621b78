package io.patchbay.server.store;

import java.util.List;

/**
 * The short form of a host's policy-engine report, for fleet views. Fields the agent did not send are null
 * (counts 0, lists empty).
 *
 * @param deferrals    how often the user deferred
 * @param unanswered   how many questions went unanswered
 * @param lastChoice   the user's last answer
 * @param warningsSent the deadline warnings sent
 * @param enforced     whether the deadline was enforced
 * @param lastDecision the engine's last verdict
 * @param reason       the reason for it
 * @param recheckAt    when the engine looks again, as sent
 * @param events       the number of events in the stored report (their details stay in the full report)
 */
public record PolicySummary(Integer deferrals, Integer unanswered, String lastChoice, List<String> warningsSent,
                            Boolean enforced, String lastDecision, String reason, String recheckAt, int events) {
    /**
     * Copies the warning list.
     *
     * @param deferrals    how often the user deferred, or null
     * @param unanswered   how many questions went unanswered, or null
     * @param lastChoice   the user's last answer, or null
     * @param warningsSent the deadline warnings sent (copied; null is empty)
     * @param enforced     whether the deadline was enforced, or null
     * @param lastDecision the engine's last verdict, or null
     * @param reason       the reason for it, or null
     * @param recheckAt    when the engine looks again, as sent, or null
     * @param events       the number of events in the stored report
     */
    public PolicySummary {
        warningsSent = warningsSent == null ? List.of() : List.copyOf(warningsSent);
    }
}
