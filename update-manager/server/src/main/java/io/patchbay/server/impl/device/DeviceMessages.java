package io.patchbay.server.impl.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.release.ReleaseViews;
import java.util.List;

/** The device API's JSON bodies. Times are ISO-8601 strings; keys are unpadded base64url of the raw key. */
final class DeviceMessages {
    private DeviceMessages() {
    }

    record EnrollRequest(String token, String signingKey, String sealingKey) {
    }

    record EnrollReply(String clientId, String channel, long pollAfterSeconds) {
    }

    record Bundle(String symbolicName, String version) {
    }

    /** The running patch level (sequence and bundles), host facts (a JSON object) and the client's channel. */
    record CheckInRequest(Long patchSequence, List<Bundle> bundles, JsonNode facts, String channel) {
    }

    /**
     * @param pollAfterSeconds the sleep hint: check in again after this long (plus the client's jitter)
     * @param finishKeyRotation the request was signed with the previous key: switch to the new one
     * @param deployment        the deployment assigned to this client now, or null
     */
    record CheckInReply(String clientId, String channel, long pollAfterSeconds, String serverTime,
                        boolean finishKeyRotation, ReleaseViews.AssignedDeployment deployment) {
    }

    record Timing(String step, Long millis) {
    }

    /**
     * One install report: a progress state or the final result for {@code targetSequence}; {@code deploymentId}
     * and {@code policy} (the host's policy-engine report, a JSON object) are optional.
     */
    /** {@code transactionId}: the swap's, for a final result taken from the runtime's history (else null). */
    record FeedbackRequest(Long targetSequence, String state, String cause, List<Timing> timings, String log,
                           String deploymentId, JsonNode policy, String transactionId) {
    }

    record FeedbackReply(String reportId, String state, boolean finalResult) {
    }

    record KeysRequest(String signingKey, String sealingKey) {
    }

    record KeysReply(String clientId, String previousKeyValidUntil) {
    }
}
