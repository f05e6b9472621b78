package io.patchbay.server.impl.store;

import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.UpdatePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The shapes of staged rollouts: what an operator asks for, what is stored, and what a group's clients did. */
public final class RolloutRecords {
    private RolloutRecords() {
    }

    /** RUNNING, PAUSED and HALTED are open (one per channel); CANCELLED and FINISHED are closed for good. */
    public enum State {
        RUNNING, PAUSED, HALTED, CANCELLED, FINISHED;

        public boolean open() {
            return this == RUNNING || this == PAUSED || this == HALTED;
        }
    }

    public enum GroupState { SCHEDULED, RUNNING, FINISHED, HALTED, CANCELLED }

    /** COUNT: halt when a group's failures reach the threshold; PERCENT: when they reach that percent of the group. */
    public enum ErrorKind { COUNT, PERCENT }

    /**
     * One group: {@code percent} (the cumulative share of the channel reached once this group ran, 1-100) or
     * explicit {@code clientIds}, never both.
     */
    public record GroupSpec(Integer percent, List<String> clientIds) {
        public GroupSpec {
            clientIds = clientIds == null ? null : List.copyOf(clientIds);
        }

        public static GroupSpec percent(int percent) {
            return new GroupSpec(percent, null);
        }

        public static GroupSpec clients(List<String> clientIds) {
            return new GroupSpec(null, clientIds);
        }

        /** "10%" or "clients:3", for logs, events and the command line. */
        public String selector() {
            return percent != null ? percent + "%" : "clients:" + clientIds.size();
        }
    }

    /** A rollout as asked for. {@code soak}: how long a client must stay healthy after COMMITTED to count as a success. */
    public record Spec(String name, String releaseId, String channel, List<GroupSpec> groups, int successThreshold,
                       int errorThreshold, ErrorKind errorKind, Duration soak, ActionType actionType,
                       UpdatePolicy policy) {
        public Spec {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /** A stored rollout; {@code version} changes with every transition. */
    public record Rollout(String id, Spec spec, State state, long version, String seed, String previousReleaseId,
                          String haltReason, String rollbackDeploymentId, Instant createdAt, String createdBy,
                          Instant updatedAt) {
    }

    /** A stored group; {@code succeeded}/{@code failed} are the counts of the last progress point. */
    public record Group(int index, GroupSpec spec, GroupState state, String deploymentId, Instant startedAt,
                        Instant finishedAt, int succeeded, int failed) {
        public boolean started() {
            return deploymentId != null;
        }
    }

    /**
     * What a group's clients did. {@code failures}: up to {@link RolloutCounts#MAX_NAMED} "client: why" lines.
     * For a group not started yet only {@code size} is set: how many clients it would select now.
     */
    public record Counts(int size, int succeeded, int failed, int soaking, int pending, List<String> failures) {
        public Counts {
            failures = List.copyOf(failures);
        }
    }

    /**
     * One entry of a rollout's history. kind: CREATED, GROUP_STARTED, GROUP_FINISHED, PROGRESS, PAUSED, RESUMED,
     * HALTED, CANCELLED, FINISHED, ROLLBACK; group, succeeded and failed are set where they apply.
     */
    public record Event(int seq, Instant at, String kind, Integer group, Integer succeeded, Integer failed,
                        String detail) {
    }

    /**
     * A true rollback of a halted rollout: one deployment per previous release, and the clients no release can take
     * back (empty lists before a rollback).
     */
    public record Rollback(List<Moved> deployments, List<Skipped> skipped) {
        public Rollback {
            deployments = List.copyOf(deployments);
            skipped = List.copyOf(skipped);
        }

        public static final Rollback NONE = new Rollback(List.of(), List.of());
    }

    /** The deployment taking {@code clientIds} back to the release they committed before the halted one. */
    public record Moved(String deploymentId, String releaseId, long level, List<String> clientIds) {
        public Moved {
            clientIds = List.copyOf(clientIds);
        }
    }

    /** A client that committed the halted release and cannot be rolled back by a release, and why. */
    public record Skipped(String clientId, String reason) {
    }

    /** A rollout with its groups, each group's counts (same order), its history and its rollback, if any. */
    public record View(Rollout rollout, List<Group> groups, List<Counts> counts, List<Event> events,
                       Rollback rollback) {
    }
}
