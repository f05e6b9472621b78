package io.patchbay.server.store;

import java.time.Instant;
import java.util.List;

/**
 * What an operator asks for: a release to a channel or to explicit clients (exactly one of the two), how
 * (action type, policy) and when (maintenance window, stored as given).
 *
 * @param releaseId         the release to deploy
 * @param channel           the channel, or null when {@code clientIds} names the clients
 * @param clientIds         the explicit clients, or empty when {@code channel} is given
 * @param actionType        how hard it pushes
 * @param forcedAt          TIME_FORCED only: when the deployment becomes FORCED
 * @param policy            when the host applies it
 * @param deadline          DEADLINE only
 * @param deadlineAction    DEADLINE only
 * @param features          DISABLE_FEATURES only: the feature names to disable
 * @param maintenanceWindow a small JSON object as text, or null; validated for size and shape only
 */
public record DeploymentSpec(String releaseId, String channel, List<String> clientIds, ActionType actionType,
                             Instant forcedAt, UpdatePolicy policy, Instant deadline,
                             UpdatePolicy.DeadlineAction deadlineAction, List<String> features,
                             String maintenanceWindow) {
    /**
     * Copies the lists; a null list is empty.
     *
     * @param releaseId         the release to deploy
     * @param channel           the channel, or null with {@code clientIds}
     * @param clientIds         the explicit clients, or empty with {@code channel}
     * @param actionType        how hard it pushes
     * @param forcedAt          TIME_FORCED only
     * @param policy            when the host applies it
     * @param deadline          DEADLINE only
     * @param deadlineAction    DEADLINE only
     * @param features          DISABLE_FEATURES only
     * @param maintenanceWindow JSON object text, or null
     */
    public DeploymentSpec {
        clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
        features = features == null ? List.of() : List.copyOf(features);
    }
}
