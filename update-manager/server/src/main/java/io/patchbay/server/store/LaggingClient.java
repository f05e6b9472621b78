package io.patchbay.server.store;

import java.time.Instant;

/** A client whose reported level is below the level of the deployment assigned to it. */
public record LaggingClient(String clientId, String channel, long reportedLevel, Instant lastSeen,
                            String deploymentId, String releaseId, long assignedLevel) {
}
