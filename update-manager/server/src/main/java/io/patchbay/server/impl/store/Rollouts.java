package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.SqlStates;
import io.patchbay.server.impl.store.RolloutRecords.Counts;
import io.patchbay.server.impl.store.RolloutRecords.Group;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.GroupState;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.Spec;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.impl.store.RolloutRecords.View;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Staged rollouts: create, read, and the operator's transitions (pause, resume, cancel). The evaluator that starts
 * groups and halts is {@link RolloutProgress}; the roll-forward after a halt is {@link RolloutRollback}. Every
 * transition is one conditional UPDATE on the rollout's state and version, so it happens once across server nodes.
 */
public final class Rollouts {
    /** History entries and progress points a view carries (the newest). */
    public static final int VIEW_EVENTS = 200;
    public static final int VIEW_PROGRESS = 2000;

    private final Database database;
    private final Clock clock;

    public Rollouts(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Stores a new RUNNING rollout with every group SCHEDULED; the evaluator starts the first group.
     *
     * @throws NotFoundException {@code unknown_release}, {@code unknown_client}
     * @throws ConflictException {@code rollout_open} (the channel has a running, paused or halted rollout),
     *                           {@code duplicate_deployment} (the release is already deployed to the channel),
     *                           {@code client_not_in_channel}, {@code revoked_client}
     */
    public Rollout create(Spec spec, String createdBy) throws StoreException {
        RolloutRules.check(spec);
        Instant now = Timestamps.truncate(clock.instant());
        String id = Secrets.newId();
        String seed = Secrets.newId();
        return database.inTransaction(c -> {
            if (Releases.find(c, spec.releaseId()).isEmpty()) {
                throw new NotFoundException("unknown_release", "no release '" + spec.releaseId() + "'");
            }
            requireNoneOpen(c, spec.channel());
            String previous = null;
            try (PreparedStatement select = c.prepareStatement("SELECT d.id, d.release_id FROM deployments d"
                    + " WHERE d.channel = ? AND d.cancelled_at IS NULL ORDER BY d.created_seq DESC")) {
                select.setString(1, spec.channel());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2).equals(spec.releaseId())) {
                            throw new ConflictException("duplicate_deployment", "release '" + spec.releaseId()
                                    + "' is already deployed to channel '" + spec.channel() + "' by deployment "
                                    + rs.getString(1) + "; cancel it first");
                        }
                        previous = previous == null ? rs.getString(2) : previous;
                    }
                }
            }
            for (GroupSpec group : spec.groups()) {
                if (group.clientIds() != null) {
                    for (String clientId : group.clientIds()) {
                        requireInChannel(c, clientId, spec.channel());
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO rollouts (id, name, release_id, channel,"
                    + " open_channel, state, version, seed, success_threshold, error_threshold, error_kind, soak_seconds,"
                    + " action_type, policy, previous_release_id, event_count, created_at, created_by, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'RUNNING', 1, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, spec.name());
                insert.setString(3, spec.releaseId());
                insert.setString(4, spec.channel());
                insert.setString(5, spec.channel());
                insert.setString(6, seed);
                insert.setInt(7, spec.successThreshold());
                insert.setInt(8, spec.errorThreshold());
                insert.setString(9, spec.errorKind().name());
                insert.setLong(10, spec.soak().toSeconds());
                insert.setString(11, spec.actionType().name());
                insert.setString(12, spec.policy().name());
                RolloutRows.setText(insert, 13, previous);
                Timestamps.set(insert, 14, now);
                insert.setString(15, createdBy);
                Timestamps.set(insert, 16, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw new ConflictException("rollout_open", "channel '" + spec.channel() + "' got another"
                            + " rollout meanwhile; finish or cancel it first");
                }
                throw e;
            }
            insertGroups(c, id, spec.groups());
            RolloutRows.event(c, id, now, "CREATED", null, null, null, "release " + spec.releaseId() + " to channel "
                    + spec.channel() + " in " + spec.groups().size() + " group(s)"
                    + (previous == null ? "" : "; the channel ran " + previous));
            return RolloutRows.find(c, id).orElseThrow();
        });
    }

    /** @throws NotFoundException {@code unknown_rollout} */
    public View view(String id) throws StoreException {
        Inputs.name("id", id, 36);
        Instant now = clock.instant();
        return database.inTransaction(c -> {
            Rollout rollout = require(c, id);
            List<Group> groups = RolloutRows.groups(c, id);
            long level = RolloutRows.releaseLevel(c, rollout.spec().releaseId());
            int[] estimates = rollout.state().open() ? RolloutMembers.estimates(c, rollout, level, groups)
                    : new int[groups.size()];
            List<Counts> counts = new ArrayList<>();
            for (Group group : groups) {
                counts.add(group.started() ? RolloutCounts.of(c, rollout, group, level, now)
                        : RolloutCounts.scheduled(estimates[group.index()]));
            }
            List<RolloutRecords.Event> events = new ArrayList<>(RolloutRows.events(c, id, false, VIEW_EVENTS));
            events.addAll(RolloutRows.events(c, id, true, VIEW_PROGRESS));
            return new View(rollout, groups, counts, events, RolloutRollback.read(c, id));
        });
    }

    /** Rollouts newest first, without their groups' details. */
    public List<Rollout> list(int limit) throws StoreException {
        if (limit < 1 || limit > StoreLimits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1.." + StoreLimits.MAX_PAGE_SIZE);
        }
        return database.inTransaction(c -> {
            List<Rollout> rollouts = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT * FROM rollouts ORDER BY created_at DESC, id"
                    + " FETCH FIRST ? ROWS ONLY")) {
                select.setInt(1, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rollouts.add(RolloutRows.read(rs, List.of()));
                    }
                }
            }
            return rollouts;
        });
    }

    /** The ids of rollouts the evaluator looks at: RUNNING and PAUSED (a paused group may still fail and halt). */
    public List<String> evaluable() throws StoreException {
        return database.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id FROM rollouts WHERE state IN ('RUNNING', 'PAUSED') ORDER BY created_at");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /** RUNNING → PAUSED: no further group starts; the running one keeps going and may still halt the rollout. */
    public Rollout pause(String id, String by) throws StoreException {
        return operator(id, Set.of(State.RUNNING), State.PAUSED, "PAUSED", by);
    }

    /** PAUSED → RUNNING. */
    public Rollout resume(String id, String by) throws StoreException {
        return operator(id, Set.of(State.PAUSED), State.RUNNING, "RESUMED", by);
    }

    /**
     * RUNNING, PAUSED or HALTED → CANCELLED: the running group's deployment is cancelled (clients that COMMITTED keep
     * the release; the rest are no longer assigned it), and no group starts again.
     */
    public Rollout cancel(String id, String by) throws StoreException {
        return operator(id, Set.of(State.RUNNING, State.PAUSED, State.HALTED), State.CANCELLED, "CANCELLED", by);
    }

    private Rollout operator(String id, Set<State> from, State to, String kind, String by) throws StoreException {
        Inputs.name("id", id, 36);
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            Rollout rollout = require(c, id);
            if (!from.contains(rollout.state())) {
                throw new ConflictException("rollout_" + rollout.state().name().toLowerCase(java.util.Locale.ROOT),
                        "rollout '" + id + "' is " + rollout.state() + "; " + kind.toLowerCase(java.util.Locale.ROOT)
                                + " needs " + from);
            }
            RolloutRows.transition(c, rollout, to, null, now);
            if (to == State.CANCELLED) {
                for (Group group : RolloutRows.groups(c, id)) {
                    if (group.state() == GroupState.RUNNING || group.state() == GroupState.SCHEDULED) {
                        if (group.started()) {
                            Deployments.markCancelled(c, group.deploymentId(), now);
                        }
                        RolloutRows.setGroup(c, id, group.index(), GroupState.CANCELLED, now);
                    }
                }
            }
            RolloutRows.event(c, id, now, kind, null, null, null, "by " + by);
            return RolloutRows.find(c, id).orElseThrow();
        });
    }

    static Rollout require(Connection c, String id) throws SQLException, NotFoundException {
        return RolloutRows.find(c, id).orElseThrow(() -> new NotFoundException("unknown_rollout", "no rollout '"
                + id + "'"));
    }

    private static void requireNoneOpen(Connection c, String channel) throws SQLException, ConflictException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, state FROM rollouts WHERE channel = ?"
                + " AND state IN ('RUNNING', 'PAUSED', 'HALTED')")) {
            select.setString(1, channel);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    throw new ConflictException("rollout_open", "channel '" + channel + "' has rollout "
                            + rs.getString(1) + " (" + rs.getString(2) + "); finish or cancel it first");
                }
            }
        }
    }

    private static void requireInChannel(Connection c, String clientId, String channel)
            throws SQLException, StoreException {
        ClientRecord client = Clients.find(c, clientId, false).orElseThrow(() ->
                new NotFoundException("unknown_client", "no client '" + clientId + "' is enrolled"));
        if (client.revoked()) {
            throw new ConflictException("revoked_client", "client '" + clientId + "' is revoked");
        }
        if (!channel.equals(client.channel())) {
            throw new ConflictException("client_not_in_channel", "client '" + clientId + "' is on channel '"
                    + client.channel() + "', not '" + channel + "'");
        }
    }

    private static void insertGroups(Connection c, String id, List<GroupSpec> groups) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO rollout_groups (rollout_id, group_index,"
                + " selector, percent, state, succeeded, failed) VALUES (?, ?, ?, ?, 'SCHEDULED', 0, 0)");
             PreparedStatement named = c.prepareStatement("INSERT INTO rollout_group_clients (rollout_id, client_id,"
                     + " group_index) VALUES (?, ?, ?)")) {
            for (int i = 0; i < groups.size(); i++) {
                GroupSpec group = groups.get(i);
                insert.setString(1, id);
                insert.setInt(2, i);
                insert.setString(3, group.percent() != null ? "PERCENT" : "CLIENTS");
                if (group.percent() != null) {
                    insert.setInt(4, group.percent());
                } else {
                    insert.setNull(4, java.sql.Types.INTEGER);
                }
                insert.executeUpdate();
                if (group.clientIds() != null) {
                    for (String clientId : group.clientIds()) {
                        named.setString(1, id);
                        named.setString(2, clientId);
                        named.setInt(3, i);
                        named.addBatch();
                    }
                    named.executeBatch();
                }
            }
        }
    }
}
