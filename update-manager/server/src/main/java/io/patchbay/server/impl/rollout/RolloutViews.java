package io.patchbay.server.impl.rollout;

import io.patchbay.server.impl.store.RolloutRecords;
import io.patchbay.server.impl.store.RolloutRecords.Counts;
import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.Event;
import io.patchbay.server.impl.store.RolloutRecords.Group;
import io.patchbay.server.impl.store.RolloutRecords.GroupState;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON shapes of the rollout admin API (the dashboard and the command line read them). Group numbers start at
 * 1, in {@code index}, in events and progress points, and in halt reasons.
 */
final class RolloutViews {
    private RolloutViews() {
    }

    /** Exactly one of the two is set. */
    record ErrorThresholdView(Integer count, Integer percent) {
    }

    record GroupView(int index, String selector, Integer percent, List<String> clientIds, int size, int succeeded,
                     int failed, int soaking, int pending, String state, String deploymentId, String startedAt,
                     String finishedAt, List<String> failures) {
    }

    record EventView(int seq, String at, String kind, Integer group, Integer succeeded, Integer failed, String detail) {
    }

    record ProgressPoint(String at, int group, int succeeded, int failed) {
    }

    /** A rollback deployment: the clients it takes back to {@code releaseId} (at {@code level}). */
    record RollbackDeploymentView(String deploymentId, String releaseId, long level, List<String> clientIds) {
    }

    record SkippedView(String clientId, String reason) {
    }

    record RolloutView(String id, String name, String releaseId, String previousReleaseId, String channel,
                       String state, String haltReason, int successThreshold, ErrorThresholdView errorThreshold,
                       long soakSeconds, String actionType, String policy, Integer currentGroup,
                       List<GroupView> groups, List<EventView> events, List<ProgressPoint> progress,
                       String rollbackDeploymentId, List<RollbackDeploymentView> rollbackDeployments,
                       List<SkippedView> rollbackSkipped, String createdAt, String createdBy, String updatedAt) {
    }

    record Summary(String id, String name, String releaseId, String channel, String state, String haltReason,
                   String createdAt, String updatedAt) {
    }

    record ListReply(List<Summary> rollouts) {
    }

    static RolloutView of(RolloutRecords.View view) {
        Rollout r = view.rollout();
        List<GroupView> groups = new ArrayList<>();
        Integer current = null;
        for (Group g : view.groups()) {
            Counts c = view.counts().get(g.index());
            groups.add(new GroupView(g.index() + 1, g.spec().selector(), g.spec().percent(), g.spec().clientIds(),
                    c.size(), c.succeeded(), c.failed(), c.soaking(), c.pending(), g.state().name(), g.deploymentId(),
                    text(g.startedAt()), text(g.finishedAt()), c.failures()));
            if (g.state() == GroupState.RUNNING || (g.state() == GroupState.HALTED && current == null)) {
                current = g.index() + 1;
            }
        }
        List<EventView> events = new ArrayList<>();
        List<ProgressPoint> progress = new ArrayList<>();
        for (Event e : view.events()) {
            Integer group = e.group() == null ? null : e.group() + 1;
            if (e.kind().equals("PROGRESS")) {
                progress.add(new ProgressPoint(e.at().toString(), group, e.succeeded(), e.failed()));
            } else {
                events.add(new EventView(e.seq(), e.at().toString(), e.kind(), group, e.succeeded(), e.failed(),
                        e.detail()));
            }
        }
        var spec = r.spec();
        ErrorThresholdView error = spec.errorKind() == ErrorKind.COUNT
                ? new ErrorThresholdView(spec.errorThreshold(), null) : new ErrorThresholdView(null, spec.errorThreshold());
        return new RolloutView(r.id(), spec.name(), spec.releaseId(), r.previousReleaseId(), spec.channel(),
                r.state().name(), r.haltReason(), spec.successThreshold(), error, spec.soak().toSeconds(),
                spec.actionType().name(), spec.policy().name(), current, groups, events, progress,
                r.rollbackDeploymentId(), view.rollback().deployments().stream().map(m -> new RollbackDeploymentView(
                        m.deploymentId(), m.releaseId(), m.level(), m.clientIds())).toList(),
                view.rollback().skipped().stream().map(k -> new SkippedView(k.clientId(), k.reason())).toList(),
                text(r.createdAt()), r.createdBy(), text(r.updatedAt()));
    }

    static Summary summary(Rollout r) {
        return new Summary(r.id(), r.spec().name(), r.spec().releaseId(), r.spec().channel(), r.state().name(),
                r.haltReason(), text(r.createdAt()), text(r.updatedAt()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
