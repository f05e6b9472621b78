package io.patchbay.server.store;

import java.time.Instant;

/**
 * One client a deployment names (by channel or in its group), with what it last reported for that deployment.
 *
 * @param clientId      the client
 * @param channel       its channel
 * @param patchSequence the level it last checked in with, null before its first check-in
 * @param lastSeen      its last check-in, or null
 * @param revoked       whether an operator revoked it
 * @param lastReport    its newest install report naming the deployment, or null
 */
public record DeploymentClientStatus(String clientId, String channel, Long patchSequence, Instant lastSeen,
                                     boolean revoked, StoredInstallReport lastReport) {
}
