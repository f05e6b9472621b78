package io.patchbay.server.impl.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The admin API's JSON bodies. Times are ISO-8601 strings (null when absent). */
final class AdminMessages {
    private AdminMessages() {
    }

    record IssueTokenRequest(String channel, Long ttlSeconds) {
    }

    record IssuedTokenReply(String id, String token, String channel, String expiresAt) {
    }

    record RevokeRequest(String clientId) {
    }

    record RevokeReply(String clientId, boolean revoked) {
    }

    /** {@code state}: REVOKED, NEVER_SEEN, DEAD or ALIVE. */
    /** {@code health}: UP, DOWN or null (none reported); {@code healthFailing}, {@code healthAt}: as reported. */
    record ClientView(String clientId, String channel, long patchSequence, String lastSeen, String state,
                      String health, String healthFailing, String healthAt) {
    }

    /** {@code next}: pass as {@code after} for the next page; null on the last page. */
    record ClientsPage(List<ClientView> clients, String next) {
    }

    record TimingView(String step, long millis) {
    }

    /** {@code deploymentId} and {@code policy} (the host's policy-engine report) as the agent sent them, or null. */
    record FailedInstallView(String reportId, String clientId, long targetSequence, String state, String cause,
                             List<TimingView> timings, String log, String signedAt, String receivedAt,
                             String deploymentId, JsonNode policy) {
    }

    record FailedInstalls(List<FailedInstallView> installs) {
    }
}
