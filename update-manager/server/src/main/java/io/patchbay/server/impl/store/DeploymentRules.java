package io.patchbay.server.impl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.StoreLimits;
import io.patchbay.server.store.UpdatePolicy;
import java.util.HashSet;

/**
 * The shape of a deployment, checked before any SQL runs: a channel or a client group (not both), the fields
 * each action type and policy needs and no others, and a maintenance window that is a small JSON object. What
 * the window means is the policy engine's business (on the host); here it is only bounded.
 */
public final class DeploymentRules {
    private DeploymentRules() {
    }

    public static void check(DeploymentSpec spec) throws InvalidInputException {
        Inputs.name("releaseId", spec.releaseId(), StoreLimits.MAX_RELEASE_ID_CHARS);
        boolean hasChannel = spec.channel() != null;
        boolean hasGroup = !spec.clientIds().isEmpty();
        if (hasChannel == hasGroup) {
            throw new InvalidInputException("channel", "name either a channel or a non-empty list of clientIds");
        }
        if (hasChannel) {
            Inputs.channel(spec.channel());
        } else {
            if (spec.clientIds().size() > StoreLimits.MAX_DEPLOYMENT_CLIENTS) {
                throw new LimitExceededException("clientIds", StoreLimits.MAX_DEPLOYMENT_CLIENTS,
                        spec.clientIds().size(), "entries");
            }
            for (String id : spec.clientIds()) {
                Inputs.name("clientIds[]", id, 36);
            }
            if (new HashSet<>(spec.clientIds()).size() != spec.clientIds().size()) {
                throw new InvalidInputException("clientIds", "names a client twice");
            }
        }
        if (spec.actionType() == null) {
            throw new InvalidInputException("actionType", "is missing (FORCED, SOFT, DOWNLOAD_ONLY or TIME_FORCED)");
        }
        if ((spec.actionType() == ActionType.TIME_FORCED) != (spec.forcedAt() != null)) {
            throw new InvalidInputException("forcedAt", "is required for TIME_FORCED and allowed only there");
        }
        policy(spec);
        window(spec.maintenanceWindow());
    }

    private static void policy(DeploymentSpec spec) throws InvalidInputException {
        if (spec.policy() == null) {
            throw new InvalidInputException("policy", "is missing (NOW, WHEN_IDLE, AFTER_COMMIT, ASK_USER or DEADLINE)");
        }
        if (spec.policy() != UpdatePolicy.DEADLINE) {
            if (spec.deadline() != null || spec.deadlineAction() != null || !spec.features().isEmpty()) {
                throw new InvalidInputException("policy", "deadline, deadlineAction and features belong to DEADLINE only");
            }
            return;
        }
        if (spec.deadline() == null || spec.deadlineAction() == null) {
            throw new InvalidInputException("policy", "DEADLINE needs a deadline and a deadlineAction"
                    + " (DISABLE_FEATURES or SHUT_DOWN)");
        }
        boolean disables = spec.deadlineAction() == UpdatePolicy.DeadlineAction.DISABLE_FEATURES;
        if (disables == spec.features().isEmpty()) {
            throw new InvalidInputException("features", "DISABLE_FEATURES names at least one feature; SHUT_DOWN none");
        }
        if (spec.features().size() > StoreLimits.MAX_FEATURES) {
            throw new LimitExceededException("features", StoreLimits.MAX_FEATURES, spec.features().size(), "entries");
        }
        for (String feature : spec.features()) {
            Inputs.name("features[]", feature, StoreLimits.MAX_FEATURE_CHARS);
        }
    }

    /** Null, or a JSON object of at most {@link StoreLimits#MAX_WINDOW_CHARS} characters and shallow nesting. */
    public static void window(String window) throws InvalidInputException {
        if (window == null) {
            return;
        }
        if (window.length() > StoreLimits.MAX_WINDOW_CHARS) {
            throw new LimitExceededException("maintenanceWindow", StoreLimits.MAX_WINDOW_CHARS, window.length(),
                    "characters");
        }
        JsonNode node;
        try {
            node = Inputs.JSON.readTree(window);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("maintenanceWindow", "is not valid JSON");
        }
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new InvalidInputException("maintenanceWindow", "must be a non-empty JSON object");
        }
        if (depth(node) > StoreLimits.MAX_WINDOW_DEPTH) {
            throw new InvalidInputException("maintenanceWindow", "nests deeper than " + StoreLimits.MAX_WINDOW_DEPTH);
        }
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }
}
