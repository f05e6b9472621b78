package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.SqlStates;
import io.patchbay.server.impl.store.RolloutRecords.Counts;
import io.patchbay.server.impl.store.RolloutRecords.Group;
import io.patchbay.server.impl.store.RolloutRecords.GroupState;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout evaluator's storage side: one {@link #evaluate} step per call, in one transaction that either halts
 * the rollout (a started group crossed its error threshold), or records progress and advances (the running group
 * reached its success threshold: it finishes and the next one starts, or the rollout finishes). Every write goes
 * after a conditional version bump, so when two nodes evaluate at once one of them changes nothing.
 *
 * <p>It also keeps what the check-ins say about soaking clients: {@link #soaking} and {@link #recordDown}.
 */
public final class RolloutProgress {
    /** What one step did. {@code detail}: the halt reason, or what started or finished. */
    public record Step(Kind kind, String detail) {
        public enum Kind { NONE, PROGRESS, ADVANCED, HALTED, FINISHED }

        static final Step NONE = new Step(Kind.NONE, null);
    }

    /** A client in a rollout group, after its COMMITTED report, until the soak ends. */
    public record Soak(String rolloutId, int groupIndex, Instant committedAt, Duration soak) {
        public Instant endsAt() {
            return committedAt.plus(soak);
        }
    }

    private final Database database;
    private final Clock clock;

    public RolloutProgress(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * One evaluation step of rollout {@code id}; the caller repeats it while it returns ADVANCED.
     *
     * @param addLateMembers first add clients that joined the channel into started PERCENT groups (a scan of the
     *                       channel: the housekeeping timer does it, not every check-in)
     * @throws io.patchbay.server.store.ConflictException {@code rollout_changed}: another node moved it meanwhile
     */
    public Step evaluate(String id, boolean addLateMembers) throws StoreException {
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            Optional<Rollout> found = RolloutRows.find(c, id);
            if (found.isEmpty() || (found.get().state() != State.RUNNING && found.get().state() != State.PAUSED)) {
                return Step.NONE;
            }
            Rollout rollout = found.get();
            List<Group> groups = RolloutRows.groups(c, id);
            long level = RolloutRows.releaseLevel(c, rollout.spec().releaseId());
            List<String[]> late = addLateMembers ? RolloutMembers.lateMembers(c, rollout, level, groups) : List.of();
            if (!late.isEmpty()) {
                RolloutRows.transition(c, rollout, rollout.state(), null, now); // first: a racing node stops here
                RolloutMembers.add(c, late);
                return new Step(Step.Kind.PROGRESS, late.size() + " client(s) joined their groups");
            }
            List<Counts> counts = new ArrayList<>();
            for (Group group : groups) {
                counts.add(live(group) ? RolloutCounts.of(c, rollout, group, level, now) : null);
            }
            for (Group group : groups) {
                Counts count = counts.get(group.index());
                if (count != null && RolloutCounts.errorsCrossed(rollout, count)) {
                    return halt(c, rollout, groups, group, count, now);
                }
            }
            boolean progressed = false;
            for (Group group : groups) {
                Counts count = counts.get(group.index());
                progressed |= count != null && (count.succeeded() != group.succeeded() || count.failed() != group.failed());
            }
            Group running = groups.stream().filter(g -> g.state() == GroupState.RUNNING).findFirst().orElse(null);
            boolean advance = rollout.state() == State.RUNNING
                    && (running == null || RolloutCounts.succeeded(rollout, counts.get(running.index())));
            if (!progressed && !advance) {
                return Step.NONE;
            }
            Group next = advance ? groups.stream().filter(g -> g.state() == GroupState.SCHEDULED).findFirst()
                    .orElse(null) : null;
            RolloutRows.transition(c, rollout, advance && next == null ? State.FINISHED : rollout.state(), null, now);
            recordProgress(c, rollout, groups, counts, now);
            if (!advance) {
                return new Step(Step.Kind.PROGRESS, null);
            }
            if (running != null) {
                Counts count = counts.get(running.index());
                RolloutRows.setGroup(c, id, running.index(), GroupState.FINISHED, now);
                RolloutRows.event(c, id, now, "GROUP_FINISHED", running.index(), count.succeeded(), count.failed(),
                        count.succeeded() + " of " + count.size() + " succeeded");
            }
            if (next == null) {
                return finish(c, rollout, groups, now);
            }
            return start(c, rollout, level, groups, next, now);
        });
    }

    private static boolean live(Group group) {
        return group.started() && (group.state() == GroupState.RUNNING || group.state() == GroupState.FINISHED);
    }

    private static void recordProgress(Connection c, Rollout rollout, List<Group> groups, List<Counts> counts,
            Instant now) throws SQLException {
        for (Group group : groups) {
            Counts count = counts.get(group.index());
            if (count == null || (count.succeeded() == group.succeeded() && count.failed() == group.failed())) {
                continue;
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE rollout_groups SET succeeded = ?, failed = ?"
                    + " WHERE rollout_id = ? AND group_index = ?")) {
                update.setInt(1, count.succeeded());
                update.setInt(2, count.failed());
                update.setString(3, rollout.id());
                update.setInt(4, group.index());
                update.executeUpdate();
            }
            RolloutRows.event(c, rollout.id(), now, "PROGRESS", group.index(), count.succeeded(), count.failed(), null);
        }
    }

    private static Step start(Connection c, Rollout rollout, long level, List<Group> groups, Group group, Instant now)
            throws SQLException, StoreException {
        List<String> members = RolloutMembers.select(c, rollout, level, groups, group.index(),
                RolloutRules.MAX_SELECTED);
        if (members.size() > RolloutRules.MAX_SELECTED) {
            String reason = "group " + (group.index() + 1) + " (" + group.spec().selector() + ") selects over "
                    + RolloutRules.MAX_SELECTED + " clients, the limit of one group; split it into smaller steps";
            return haltWith(c, rollout, group, reason, now);
        }
        DeploymentSpec spec = new DeploymentSpec(rollout.spec().releaseId(), null, members, rollout.spec().actionType(),
                null, rollout.spec().policy(), null, null, null, null);
        String deploymentId = Secrets.newId();
        Deployments.insert(c, deploymentId, spec, rollout.createdBy(), now, rollout.id());
        try (PreparedStatement update = c.prepareStatement("UPDATE rollout_groups SET state = 'RUNNING',"
                + " deployment_id = ?, started_at = ? WHERE rollout_id = ? AND group_index = ? AND state = 'SCHEDULED'")) {
            update.setString(1, deploymentId);
            Timestamps.set(update, 2, now);
            update.setString(3, rollout.id());
            update.setInt(4, group.index());
            update.executeUpdate();
        }
        String detail = "group " + (group.index() + 1) + " (" + group.spec().selector() + "): " + members.size()
                + " client(s), deployment " + deploymentId;
        RolloutRows.event(c, rollout.id(), now, "GROUP_STARTED", group.index(), 0, 0, detail);
        return new Step(Step.Kind.ADVANCED, detail);
    }

    /**
     * The last group finished. When the rollout reached the whole channel (a last PERCENT group of 100 %), the
     * release also becomes the channel's deployment, so clients that enroll from now on get it.
     */
    private static Step finish(Connection c, Rollout rollout, List<Group> groups, Instant now) throws SQLException {
        boolean whole = groups.stream().anyMatch(g -> g.spec().percent() != null && g.spec().percent() == 100);
        String detail = "all " + groups.size() + " group(s) succeeded";
        if (whole) {
            String id = Secrets.newId();
            Deployments.insert(c, id, new DeploymentSpec(rollout.spec().releaseId(), rollout.spec().channel(), null,
                    rollout.spec().actionType(), null, rollout.spec().policy(), null, null, null, null),
                    rollout.createdBy(), now, rollout.id());
            detail += "; channel deployment " + id + " serves clients enrolled from now on";
        }
        RolloutRows.event(c, rollout.id(), now, "FINISHED", null, null, null, detail);
        return new Step(Step.Kind.FINISHED, detail);
    }

    private static Step halt(Connection c, Rollout rollout, List<Group> groups, Group group, Counts count, Instant now)
            throws SQLException, StoreException {
        String threshold = rollout.spec().errorThreshold()
                + (rollout.spec().errorKind() == RolloutRecords.ErrorKind.PERCENT ? " %" : " failure(s)");
        String reason = "group " + (group.index() + 1) + " (" + group.spec().selector() + ") crossed its error"
                + " threshold (" + threshold + "): " + count.failed() + " of " + count.size() + " client(s) failed, "
                + count.succeeded() + " succeeded, " + count.soaking() + " soaking, " + count.pending() + " pending; "
                + String.join("; ", count.failures()) + (count.failed() > count.failures().size() ? "; …" : "");
        RolloutRows.transition(c, rollout, State.HALTED, reason, now);
        recordProgress(c, rollout, groups, groups.stream().map(g -> g.index() == group.index() ? count : null).toList(),
                now);
        for (Group other : groups) {
            if (other.state() == GroupState.RUNNING && other.index() != group.index()) {
                Deployments.markCancelled(c, other.deploymentId(), now);
                RolloutRows.setGroup(c, rollout.id(), other.index(), GroupState.CANCELLED, now);
            }
        }
        return stop(c, rollout, group, reason, now);
    }

    private static Step haltWith(Connection c, Rollout rollout, Group group, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE rollouts SET state = 'HALTED', halt_reason = ?"
                + " WHERE id = ?")) {
            update.setString(1, RolloutRows.clip(reason));
            update.setString(2, rollout.id());
            update.executeUpdate();
        }
        return stop(c, rollout, group, reason, now);
    }

    /** Marks the failing group HALTED; its deployment is cancelled, so clients that did not install it yet never do. */
    private static Step stop(Connection c, Rollout rollout, Group group, String reason, Instant now)
            throws SQLException {
        if (group.deploymentId() != null && group.state() == GroupState.RUNNING) {
            Deployments.markCancelled(c, group.deploymentId(), now);
        }
        RolloutRows.setGroup(c, rollout.id(), group.index(), GroupState.HALTED, now);
        RolloutRows.event(c, rollout.id(), now, "HALTED", group.index(), null, null, reason);
        return new Step(Step.Kind.HALTED, reason);
    }

    /** The open rollout groups {@code clientId} is soaking in now (COMMITTED, soak not over, no failure yet). */
    public List<Soak> soaking(String clientId) throws StoreException {
        Instant now = clock.instant();
        return database.inTransaction(c -> {
            List<Soak> soaks = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT r.id, g.group_index, r.soak_seconds,"
                    + " (SELECT MIN(ir.received_at) FROM install_reports ir WHERE ir.deployment_id = g.deployment_id"
                    + "   AND ir.client_id = dc.client_id AND ir.state = 'COMMITTED') AS committed_at"
                    + " FROM deployment_clients dc JOIN rollout_groups g ON g.deployment_id = dc.deployment_id"
                    + " JOIN rollouts r ON r.id = g.rollout_id WHERE dc.client_id = ?"
                    + " AND r.state IN ('RUNNING', 'PAUSED') AND r.soak_seconds > 0"
                    + " AND NOT EXISTS (SELECT 1 FROM rollout_health h WHERE h.rollout_id = r.id AND h.client_id = ?)")) {
                select.setString(1, clientId);
                select.setString(2, clientId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Instant committed = Timestamps.get(rs, "committed_at");
                        Soak soak = new Soak(rs.getString(1), rs.getInt(2), committed,
                                Duration.ofSeconds(rs.getLong(3)));
                        if (committed != null && soak.endsAt().isAfter(now)) {
                            soaks.add(soak);
                        }
                    }
                }
            }
            return soaks;
        });
    }

    /**
     * Records that {@code clientId} reported health DOWN while soaking (the first time only).
     *
     * @param failing the failing checks as the agent named them (clipped to 512 characters)
     * @return true if this was news (the caller then evaluates the rollout)
     */
    public boolean recordDown(Soak soak, String clientId, String failing) throws StoreException {
        Instant now = Timestamps.truncate(clock.instant());
        String clipped = failing == null ? null : failing.length() <= 512 ? failing : failing.substring(0, 512);
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO rollout_health (rollout_id, client_id,"
                        + " group_index, seen_at, failing) SELECT ?, ?, ?, ?, ? FROM rollouts WHERE id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM rollout_health WHERE rollout_id = ? AND client_id = ?)")) {
                    insert.setString(1, soak.rolloutId());
                    insert.setString(2, clientId);
                    insert.setInt(3, soak.groupIndex());
                    Timestamps.set(insert, 4, now);
                    RolloutRows.setText(insert, 5, clipped);
                    insert.setString(6, soak.rolloutId());
                    insert.setString(7, soak.rolloutId());
                    insert.setString(8, clientId);
                    return insert.executeUpdate() == 1;
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && SqlStates.isUniqueViolation(sql)) {
                return false; // two check-ins at once: the other one recorded it
            }
            throw e;
        }
    }

    /** The rollout whose group deployment this is, if any. */
    public Optional<String> rolloutOf(String deploymentId) throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT g.rollout_id FROM rollout_groups g"
                    + " JOIN rollouts r ON r.id = g.rollout_id WHERE g.deployment_id = ?"
                    + " AND r.state IN ('RUNNING', 'PAUSED')")) {
                select.setString(1, deploymentId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }
}
