package io.patchbay.server.store;

import java.time.Instant;

/**
 * A client whose reported level is below the level of the deployment assigned to it.
 *
 * @param clientId      the client
 * @param channel       its channel
 * @param reportedLevel the level it last reported
 * @param lastSeen      its last check-in
 * @param deploymentId  the deployment assigned to it
 * @param releaseId     that deployment's release
 * @param assignedLevel the release's level
 */
public record LaggingClient(String clientId, String channel, long reportedLevel, Instant lastSeen,
                            String deploymentId, String releaseId, long assignedLevel) {
}
