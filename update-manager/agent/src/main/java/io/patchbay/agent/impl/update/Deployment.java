package io.patchbay.agent.impl.update;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A release the server assigned to this client: the check-in reply's {@code deployment}, field for field as the
 * server sends it (update-manager/server, {@code ReleaseViews.AssignedDeployment}):
 *
 * <pre>{@code
 * "deployment": {"deploymentId": "…", "releaseId": "rel-7", "level": 12,
 *                "targets": [{"path": "bundles/com.acme.greeter/1.2.0/<sha256>.jar", "symbolicName": "com.acme.greeter",
 *                             "version": "1.2.0", "sha256": "…", "length": 1234}],
 *                "actionType": "FORCED|SOFT|DOWNLOAD_ONLY|TIME_FORCED", "forcedAt": "2030-02-01T00:00:00Z" or null,
 *                "policy": {"name": "NOW|WHEN_IDLE|AFTER_COMMIT|ASK_USER|DEADLINE", "deadline": "…",
 *                           "deadlineAction": "DISABLE_FEATURES|SHUT_DOWN", "features": ["export"]},
 *                "maintenanceWindow": {"days": ["SAT"], "start": "02:00", "durationMinutes": 120, "zone": "UTC"} or null,
 *                "rollback": true, "replacesReleaseId": "rel-8", "replacesLevel": 13}   (the last three: rollbacks only)
 * }</pre>
 *
 * Built only by {@link DeploymentParser}, which checks shapes and bounds; {@link PolicyMapping} turns the policy
 * fields into the policy module's values. The bytes come only through TUF, by target path: the hashes here are
 * informative (TUF's signed targets metadata is what the download is checked against).
 *
 * @param id        the deployment's id (cancellation, reports, "already handled")
 * @param releaseId the release; the patch is labelled with it, so history reports and CRASHED records name it
 * @param level     the patch sequence the client runs once it applied the release (progress reports use it)
 * @param targets   the release's bundles as TUF target paths
 * @param actionType the hawkBit action type's name, checked by {@link PolicyMapping}
 * @param forcedAt  ISO instant for TIME_FORCED, else null
 * @param policy    the update policy as the operator named it
 * @param maintenanceWindow the window object as the operator gave it (the server checks shape only), or null
 * @param rollback  the rollback mark, or null for an ordinary deployment
 */
public record Deployment(String id, String releaseId, long level, List<Target> targets, String actionType,
                         String forcedAt, Policy policy, JsonNode maintenanceWindow, Rollback rollback) {

    /**
     * The server's mark on a rollback of a halted rollout ({@code "rollback": true}): the release it takes the host
     * back from, above {@code level}. Applied as a downgrade only if the host runs {@code replacesLevel} and committed
     * exactly the offered bytes before (see {@link RollbackCheck}).
     */
    public record Rollback(String replacesReleaseId, long replacesLevel) {
    }

    public record Target(String path, String symbolicName, String version, String sha256, long length) {
    }

    /** {@code deadline}, {@code deadlineAction} and {@code features} belong to DEADLINE only (server rule). */
    public record Policy(String name, String deadline, String deadlineAction, List<String> features) {
        public Policy {
            Objects.requireNonNull(name, "policy name");
            features = features == null ? List.of() : List.copyOf(features);
        }
    }

    public Deployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(releaseId, "releaseId");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a deployment names at least one target");
        }
        Objects.requireNonNull(actionType, "actionType");
        Objects.requireNonNull(policy, "policy");
    }

    /** A deployment without the rollback mark. */
    public Deployment(String id, String releaseId, long level, List<Target> targets, String actionType,
                      String forcedAt, Policy policy, JsonNode maintenanceWindow) {
        this(id, releaseId, level, targets, actionType, forcedAt, policy, maintenanceWindow, null);
    }

    /** This deployment as an ordinary one: a rollback mark on a level above the running one changes nothing. */
    public Deployment withoutRollback() {
        return new Deployment(id, releaseId, level, targets, actionType, forcedAt, policy, maintenanceWindow, null);
    }

    public List<String> targetPaths() {
        return targets.stream().map(Target::path).toList();
    }

    /** A deployment for tests and hand-wired hosts: NOW, FORCED, no window. */
    public static Deployment now(String id, String releaseId, long level, List<String> paths) {
        return new Deployment(id, releaseId, level, paths.stream().map(p -> new Target(p, null, null, null, -1)).toList(),
                "FORCED", null, new Policy("NOW", null, null, null), null);
    }
}
