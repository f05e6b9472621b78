package io.patchbay.server.impl.store;

import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.Event;
import io.patchbay.server.impl.store.RolloutRecords.Group;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.GroupState;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.Spec;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.UpdatePolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading and writing rollout rows inside a caller's transaction; shared by the store and the evaluator. */
final class RolloutRows {
    /** Events kept per rollout; past it, PROGRESS points are no longer recorded (state changes still are). */
    static final int MAX_EVENTS = 10_000;
    static final int MAX_DETAIL_CHARS = 2048;

    private RolloutRows() {
    }

    static Optional<Rollout> find(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT * FROM rollouts WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Rollout partial = read(rs, List.of());
                return Optional.of(new Rollout(partial.id(), new Spec(partial.spec().name(), partial.spec().releaseId(),
                        partial.spec().channel(), groups(c, id).stream().map(Group::spec).toList(),
                        partial.spec().successThreshold(), partial.spec().errorThreshold(), partial.spec().errorKind(),
                        partial.spec().soak(), partial.spec().actionType(), partial.spec().policy()), partial.state(),
                        partial.version(), partial.seed(), partial.previousReleaseId(), partial.haltReason(),
                        partial.rollbackDeploymentId(), partial.createdAt(), partial.createdBy(), partial.updatedAt()));
            }
        }
    }

    /** A rollout row; its spec carries {@code groups} as given (the list view passes none). */
    static Rollout read(ResultSet rs, List<GroupSpec> groups) throws SQLException {
        Spec spec = new Spec(rs.getString("name"), rs.getString("release_id"), rs.getString("channel"), groups,
                rs.getInt("success_threshold"), rs.getInt("error_threshold"), ErrorKind.valueOf(rs.getString("error_kind")),
                Duration.ofSeconds(rs.getLong("soak_seconds")), ActionType.valueOf(rs.getString("action_type")),
                UpdatePolicy.valueOf(rs.getString("policy")));
        return new Rollout(rs.getString("id"), spec, State.valueOf(rs.getString("state")), rs.getLong("version"),
                rs.getString("seed"), rs.getString("previous_release_id"), rs.getString("halt_reason"),
                rs.getString("rollback_deployment_id"), Timestamps.get(rs, "created_at"), rs.getString("created_by"),
                Timestamps.get(rs, "updated_at"));
    }

    static List<Group> groups(Connection c, String rolloutId) throws SQLException {
        Map<Integer, List<String>> explicit = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT group_index, client_id FROM rollout_group_clients"
                + " WHERE rollout_id = ? ORDER BY group_index, client_id")) {
            select.setString(1, rolloutId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    explicit.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT * FROM rollout_groups WHERE rollout_id = ?"
                + " ORDER BY group_index")) {
            select.setString(1, rolloutId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int index = rs.getInt("group_index");
                    int percent = rs.getInt("percent");
                    GroupSpec spec = rs.wasNull() ? GroupSpec.clients(explicit.getOrDefault(index, List.of()))
                            : GroupSpec.percent(percent);
                    groups.add(new Group(index, spec, GroupState.valueOf(rs.getString("state")),
                            rs.getString("deployment_id"), Timestamps.get(rs, "started_at"),
                            Timestamps.get(rs, "finished_at"), rs.getInt("succeeded"), rs.getInt("failed")));
                }
            }
        }
        return groups;
    }

    /** The history, oldest first: the last {@code limit} entries of the chosen kind (PROGRESS or all others). */
    static List<Event> events(Connection c, String rolloutId, boolean progress, int limit) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT seq, at, kind, group_index, succeeded, failed, detail"
                + " FROM rollout_events WHERE rollout_id = ? AND kind " + (progress ? "=" : "<>") + " 'PROGRESS'"
                + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
            select.setString(1, rolloutId);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(0, new Event(rs.getInt(1), Timestamps.get(rs, "at"), rs.getString(3), integer(rs, 4),
                            integer(rs, 5), integer(rs, 6), rs.getString(7)));
                }
            }
        }
        return events;
    }

    /**
     * Moves the rollout to {@code next} if it is still at {@code version} (what the caller read): the one write
     * that serialises every transition across server nodes.
     *
     * @throws ConflictException {@code rollout_changed}: another node or operator got there first
     */
    static void transition(Connection c, Rollout rollout, State next, String haltReason, Instant now)
            throws SQLException, ConflictException {
        try (PreparedStatement update = c.prepareStatement("UPDATE rollouts SET version = version + 1, state = ?,"
                + " halt_reason = ?, updated_at = ?, open_channel = ? WHERE id = ? AND version = ?")) {
            update.setString(1, next.name());
            setText(update, 2, haltReason != null ? clip(haltReason) : rollout.haltReason());
            Timestamps.set(update, 3, now);
            setText(update, 4, next.open() ? rollout.spec().channel() : null);
            update.setString(5, rollout.id());
            update.setLong(6, rollout.version());
            if (update.executeUpdate() != 1) {
                throw new ConflictException("rollout_changed", "rollout '" + rollout.id() + "' changed meanwhile;"
                        + " read it again");
            }
        }
    }

    static void setGroup(Connection c, String rolloutId, int index, GroupState state, Instant finishedAt)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE rollout_groups SET state = ?,"
                + " finished_at = COALESCE(?, finished_at) WHERE rollout_id = ? AND group_index = ?")) {
            update.setString(1, state.name());
            Timestamps.set(update, 2, finishedAt);
            update.setString(3, rolloutId);
            update.setInt(4, index);
            update.executeUpdate();
        }
    }

    /** Appends an event; PROGRESS points past {@link #MAX_EVENTS} are dropped. Call after {@link #transition}. */
    static void event(Connection c, String rolloutId, Instant at, String kind, Integer group, Integer succeeded,
            Integer failed, String detail) throws SQLException {
        int seq;
        try (PreparedStatement select = c.prepareStatement("SELECT event_count FROM rollouts WHERE id = ?")) {
            select.setString(1, rolloutId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
            }
        }
        if (kind.equals("PROGRESS") && seq > MAX_EVENTS) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE rollouts SET event_count = ? WHERE id = ?")) {
            update.setInt(1, seq);
            update.setString(2, rolloutId);
            update.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO rollout_events (rollout_id, seq, at, kind,"
                + " group_index, succeeded, failed, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, rolloutId);
            insert.setInt(2, seq);
            Timestamps.set(insert, 3, at);
            insert.setString(4, kind);
            setInt(insert, 5, group);
            setInt(insert, 6, succeeded);
            setInt(insert, 7, failed);
            setText(insert, 8, detail == null ? null : clip(detail));
            insert.executeUpdate();
        }
    }

    static String clip(String text) {
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS - 1) + "…";
    }

    static long releaseLevel(Connection c, String releaseId) throws SQLException {
        return Releases.find(c, releaseId).orElseThrow().level();
    }

    static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        Deployments.setText(statement, index, value);
    }

    private static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
