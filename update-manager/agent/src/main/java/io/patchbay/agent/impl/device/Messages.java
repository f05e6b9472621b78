package io.patchbay.agent.impl.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The device API's JSON bodies as the agent sends and reads them (see the server's README). Unknown fields in
 * answers are ignored, so a server one version ahead (e.g. with a {@code deployment} in the check-in reply)
 * still works with this agent.
 */
public final class Messages {
    private Messages() {
    }

    public record EnrollRequest(String token, String signingKey, String sealingKey) {
    }

    public record EnrollReply(String clientId, String channel, Long pollAfterSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckInRequest(long patchSequence, List<Bundle> bundles, Map<String, Object> facts, String channel) {
    }

    public record Bundle(String symbolicName, String version) {
    }

    /**
     * @param deployment the assigned deployment or JSON null; read raw and checked by {@code DeploymentParser},
     *                   so a malformed one is refused alone instead of failing the whole check-in
     */
    public record CheckInReply(String clientId, String channel, Long pollAfterSeconds, String serverTime,
                               Boolean finishKeyRotation, JsonNode deployment) {
    }

    /**
     * Install feedback. {@code release}, {@code transactionId}, {@code deploymentId} and {@code policy} are not read
     * by today's server (it ignores unknown fields); they let it correlate a report with a deployment and show the
     * policy engine's report (deferrals, the user's choice, warnings, enforcement; see {@code PolicyReports}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeedbackRequest(long targetSequence, String state, String cause, List<Timing> timings, String log,
                                  String release, String transactionId, String deploymentId,
                                  Map<String, Object> policy) {
        public FeedbackRequest(long targetSequence, String state, String cause, List<Timing> timings, String log,
                               String release, String transactionId) {
            this(targetSequence, state, cause, timings, log, release, transactionId, null, null);
        }
    }

    public record Timing(String step, long millis) {
    }

    /** A key rotation: the new public keys, in a request signed with the current key. */
    public record KeysRequest(String signingKey, String sealingKey) {
    }

    /** @param previousKeyValidUntil until when the rotated-out signing key is still accepted (ISO-8601) */
    public record KeysReply(String clientId, String previousKeyValidUntil) {
    }

    public record FeedbackReply(String reportId, String state, Boolean finalResult) {
    }

    record ErrorReply(Integer status, String error, String message) {
    }
}
