package io.patchbay.server.impl.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.store.Assignment;
import io.patchbay.server.store.Deployment;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.ReleaseBundle;
import java.time.Instant;
import java.util.List;

/** JSON views of releases and deployments, shared by the admin API and the device API's check-in reply. */
public final class ReleaseViews {
    private ReleaseViews() {
    }

    /** @param path the repository-relative TUF target path; the client fetches it from its root's location */
    public record TargetView(String path, String symbolicName, String version, String sha256, long length) {
    }

    public record ReleaseView(String releaseId, long level, String createdAt, List<TargetView> targets) {
    }

    /** {@code deadline}, {@code deadlineAction} and {@code features} for DEADLINE only. */
    public record PolicyView(String name, String deadline, String deadlineAction, List<String> features) {
    }

    /**
     * What a client is assigned, in its check-in reply: no URLs, only target paths. A rollback of a halted rollout
     * adds {@code "rollback": true} and the release it replaces ({@code replacesReleaseId}, {@code replacesLevel},
     * above {@code level}); other deployments carry none of the three. The agent applies a lower level only when so
     * marked, and only bytes it committed before.
     */
    public record AssignedDeployment(String deploymentId, String releaseId, long level, List<TargetView> targets,
                                     String actionType, String forcedAt, PolicyView policy, JsonNode maintenanceWindow,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Boolean rollback,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) String replacesReleaseId,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Long replacesLevel) {
    }

    public record DeploymentView(String deploymentId, String releaseId, String channel, List<String> clientIds,
                                 String actionType, String forcedAt, PolicyView policy, JsonNode maintenanceWindow,
                                 String createdAt, String cancelledAt) {
    }

    public static ReleaseView release(Release release) {
        return new ReleaseView(release.id(), release.level(), text(release.createdAt()), targets(release.bundles()));
    }

    public static AssignedDeployment assigned(Assignment assignment) {
        Deployment d = assignment.deployment();
        DeploymentSpec spec = d.spec();
        return new AssignedDeployment(d.id(), assignment.release().id(), assignment.release().level(),
                targets(assignment.release().bundles()), spec.actionType().name(), text(spec.forcedAt()), policy(spec),
                window(spec), assignment.rollback() ? Boolean.TRUE : null,
                assignment.rollback() ? assignment.replaces().id() : null,
                assignment.rollback() ? assignment.replaces().level() : null);
    }

    public static DeploymentView deployment(Deployment d) {
        DeploymentSpec spec = d.spec();
        return new DeploymentView(d.id(), spec.releaseId(), spec.channel(), spec.channel() == null ? spec.clientIds() : null,
                spec.actionType().name(), text(spec.forcedAt()), policy(spec), window(spec), text(d.createdAt()),
                text(d.cancelledAt()));
    }

    private static List<TargetView> targets(List<ReleaseBundle> bundles) {
        return bundles.stream().map(b -> new TargetView(b.targetPath(), b.symbolicName(), b.version(), b.sha256(),
                b.length())).toList();
    }

    private static PolicyView policy(DeploymentSpec spec) {
        return new PolicyView(spec.policy().name(), text(spec.deadline()),
                spec.deadlineAction() == null ? null : spec.deadlineAction().name(),
                spec.features().isEmpty() ? null : spec.features());
    }

    private static JsonNode window(DeploymentSpec spec) {
        return spec.maintenanceWindow() == null ? null : Json.tree(spec.maintenanceWindow());
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
