package io.patchbay.agent.impl.update;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A release the server assigned to this client, as the check-in reply's future {@code deployment} field will
 * carry it (the server side is being built; the JSON the agent expects is in the module README):
 *
 * <pre>{@code
 * "deployment": {"id": "dep-42", "releaseId": "rel-7", "targetSequence": 12,
 *                "targets": ["bundles/com.acme.greeter-1.2.0.jar", ...],
 *                "actionType": "SOFT", "policy": "NOW",
 *                "window": {"start": "2030-01-01T02:00:00Z", "end": "2030-01-01T04:00:00Z"}}
 * }</pre>
 *
 * @param id             the deployment's id (for cancellation and reports)
 * @param releaseId      the release; the patch is labelled with it, so history reports name it
 * @param targetSequence the patch level the server expects after the install (reports use it)
 * @param targetPaths    TUF target paths of the release's bundles: the bytes come only through TUF
 * @param actionType     hawkBit's action types
 * @param policy         the update policy's name (NOW, WHEN_IDLE, AFTER_COMMIT, ASK_USER, DEADLINE), decided by
 *                       the policy engine before the handler runs
 * @param window         the maintenance window, or null for any time
 */
public record Deployment(String id, String releaseId, long targetSequence, List<String> targetPaths,
                         ActionType actionType, String policy, Window window) {

    public enum ActionType { FORCED, SOFT, DOWNLOAD_ONLY, TIME_FORCED }

    public record Window(Instant start, Instant end) {
    }

    public Deployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(releaseId, "releaseId");
        targetPaths = List.copyOf(targetPaths);
        if (targetPaths.isEmpty()) {
            throw new IllegalArgumentException("a deployment names at least one target");
        }
        Objects.requireNonNull(actionType, "actionType");
    }
}
