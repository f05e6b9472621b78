package io.patchbay.server.store;

import java.util.List;

/**
 * The short form of a host's policy-engine report, for fleet views. Fields the agent did not send are null
 * (counts 0, lists empty).
 *
 * @param events the number of events in the stored report (their details stay in the full report)
 */
public record PolicySummary(Integer deferrals, Integer unanswered, String lastChoice, List<String> warningsSent,
                            Boolean enforced, String lastDecision, String reason, String recheckAt, int events) {
    public PolicySummary {
        warningsSent = warningsSent == null ? List.of() : List.copyOf(warningsSent);
    }
}
