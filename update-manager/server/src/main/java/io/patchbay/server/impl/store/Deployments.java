package io.patchbay.server.impl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.Assignment;
import io.patchbay.server.store.CancelResult;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.Deployment;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import io.patchbay.server.store.UpdatePolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deployments: a release assigned to a channel or to an explicit group of clients.
 *
 * <p>Which deployment a client gets ({@link #assignmentFor}): among the deployments that name it (by its
 * enrolled channel or in their group), those still active, or cancelled but already COMMITTED by this client
 * (it keeps what it applied); an operator's group deployment before a channel one, then the newest. A rollout's
 * group deployment ranks with channel deployments (newest wins): it is the channel's next release on its way, and
 * a later channel deployment must still reach those clients. The fleet's lagging view ({@link FleetLag}) uses the
 * same order over active deployments.
 */
public final class Deployments {
    private static final String COLUMNS = "d.id, d.created_seq, d.release_id, d.channel, d.action_type, d.forced_at,"
            + " d.policy, d.deadline, d.deadline_action, d.features_json, d.maintenance_window, d.created_at,"
            + " d.cancelled_at";

    private final Database database;
    private final Clock clock;

    public Deployments(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @throws NotFoundException {@code unknown_release}, {@code unknown_client}
     * @throws ConflictException {@code duplicate_deployment} (the release is already actively deployed to that
     *                           channel or to one of those clients), {@code revoked_client}
     */
    public Deployment create(DeploymentSpec spec, String createdBy) throws StoreException {
        DeploymentRules.check(spec);
        Instant now = Timestamps.truncate(clock.instant());
        String id = Secrets.newId();
        return database.inTransaction(c -> {
            if (Releases.find(c, spec.releaseId()).isEmpty()) {
                throw new NotFoundException("unknown_release", "no release '" + spec.releaseId() + "'");
            }
            if (spec.channel() != null) {
                requireNoActive(c, "SELECT d.id FROM deployments d WHERE d.release_id = ? AND d.channel = ?"
                        + " AND d.cancelled_at IS NULL", spec.releaseId(), spec.channel());
            }
            for (String clientId : spec.clientIds()) {
                ClientRecord client = Clients.find(c, clientId, false).orElseThrow(() ->
                        new NotFoundException("unknown_client", "no client '" + clientId + "' is enrolled"));
                if (client.revoked()) {
                    throw new ConflictException("revoked_client", "client '" + clientId + "' is revoked");
                }
                requireNoActive(c, "SELECT d.id FROM deployments d JOIN deployment_clients dc ON dc.deployment_id = d.id"
                        + " WHERE d.release_id = ? AND dc.client_id = ? AND d.cancelled_at IS NULL",
                        spec.releaseId(), clientId);
            }
            return insert(c, id, spec, createdBy, now, null);
        });
    }

    /**
     * Inserts a deployment as given, without the duplicate checks of {@link #create} (the caller made its own).
     *
     * @param rolloutId the rollout whose group this deployment serves, or null
     */
    static Deployment insert(Connection c, String id, DeploymentSpec spec, String createdBy, Instant now,
            String rolloutId) throws SQLException {
        String features = featuresJson(spec);
        long sequence = nextSequence(c);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO deployments (id, created_seq, release_id,"
                + " channel, action_type, forced_at, policy, deadline, deadline_action, features_json,"
                + " maintenance_window, created_at, created_by, rollout_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setLong(2, sequence);
            insert.setString(3, spec.releaseId());
            setText(insert, 4, spec.channel());
            insert.setString(5, spec.actionType().name());
            Timestamps.set(insert, 6, spec.forcedAt());
            insert.setString(7, spec.policy().name());
            Timestamps.set(insert, 8, spec.deadline());
            setText(insert, 9, spec.deadlineAction() == null ? null : spec.deadlineAction().name());
            setText(insert, 10, features);
            setText(insert, 11, spec.maintenanceWindow());
            Timestamps.set(insert, 12, now);
            insert.setString(13, createdBy);
            setText(insert, 14, rolloutId);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO deployment_clients (deployment_id, client_id) VALUES (?, ?)")) {
            for (String clientId : spec.clientIds()) {
                insert.setString(1, id);
                insert.setString(2, clientId);
                insert.addBatch();
            }
            if (!spec.clientIds().isEmpty()) {
                insert.executeBatch();
            }
        }
        return new Deployment(id, sequence, spec, now, null);
    }

    /** The halted release a rollback deployment takes its clients back from; null for any other deployment. */
    static String rollbackOf(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT rollback_of FROM deployments WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Marks an active deployment cancelled; false if it was cancelled already. */
    static boolean markCancelled(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE deployments SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL")) {
            Timestamps.set(update, 1, now);
            update.setString(2, id);
            return update.executeUpdate() == 1;
        }
    }

    public Optional<Deployment> find(String id) throws StoreException {
        return database.inTransaction(c -> find(c, id));
    }

    /**
     * Cancels an active deployment. Clients that reported COMMITTED for its release's level keep it; every
     * other client it named stops being assigned it (their next check-in carries the next deployment in
     * line, or none).
     *
     * @throws NotFoundException {@code unknown_deployment}
     * @throws ConflictException {@code already_cancelled}
     */
    public CancelResult cancel(String id) throws StoreException {
        Inputs.name("deploymentId", id, 36);
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            Deployment deployment = find(c, id).orElseThrow(() ->
                    new NotFoundException("unknown_deployment", "no deployment '" + id + "'"));
            if (deployment.cancelledAt() != null) {
                throw new ConflictException("already_cancelled", "deployment '" + id + "' was cancelled at "
                        + deployment.cancelledAt());
            }
            if (!markCancelled(c, id, now)) {
                throw new ConflictException("already_cancelled", "deployment '" + id + "' was cancelled meanwhile");
            }
            String targeted = deployment.spec().channel() != null
                    ? "JOIN clients c ON c.id = ir.client_id WHERE c.channel = ?"
                    : "JOIN deployment_clients dc ON dc.client_id = ir.client_id WHERE dc.deployment_id = ?";
            List<String> kept = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT ir.client_id FROM install_reports ir "
                    + targeted + " AND ir.target_sequence = (SELECT release_level FROM releases WHERE id = ?)"
                    + " AND ir.state = 'COMMITTED' ORDER BY ir.client_id")) {
                select.setString(1, deployment.spec().channel() != null ? deployment.spec().channel() : id);
                select.setString(2, deployment.spec().releaseId());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        kept.add(rs.getString(1));
                    }
                }
            }
            return new CancelResult(id, now, kept);
        });
    }

    /** The deployment {@code clientId} should run now, with its release; empty when none names it. */
    public Optional<Assignment> assignmentFor(String clientId) throws StoreException {
        return database.inTransaction(c -> {
            Optional<ClientRecord> client = Clients.find(c, clientId, false);
            if (client.isEmpty() || client.get().revoked()) {
                return Optional.empty();
            }
            Deployment chosen = null;
            String rollbackOf = null;
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + ", d.rollback_of,"
                    + " CASE WHEN d.channel IS NULL AND d.rollout_id IS NULL THEN 0 ELSE 1 END AS kind"
                    + " FROM deployments d JOIN releases r ON r.id = d.release_id"
                    + " WHERE (d.channel = ? OR EXISTS (SELECT 1 FROM deployment_clients dc"
                    + "   WHERE dc.deployment_id = d.id AND dc.client_id = ?))"
                    + " AND (d.cancelled_at IS NULL OR EXISTS (SELECT 1 FROM install_reports ir"
                    + "   WHERE ir.client_id = ? AND ir.target_sequence = r.release_level AND ir.state = 'COMMITTED'))"
                    + " ORDER BY kind, d.created_seq DESC FETCH FIRST 1 ROWS ONLY")) {
                select.setString(1, client.get().channel());
                select.setString(2, clientId);
                select.setString(3, clientId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        chosen = read(rs, List.of(clientId));
                        rollbackOf = rs.getString("rollback_of");
                    }
                }
            }
            if (chosen == null) {
                return Optional.empty();
            }
            return Optional.of(new Assignment(chosen, Releases.find(c, chosen.spec().releaseId()).orElseThrow(),
                    rollbackOf == null ? null : Releases.find(c, rollbackOf).orElseThrow()));
        });
    }

    /**
     * Deployments newest first (by creation), at most {@code limit}; {@code activeOnly} leaves out cancelled ones.
     * A group deployment carries its clients.
     */
    public List<Deployment> list(boolean activeOnly, int limit) throws StoreException {
        if (limit < 1 || limit > StoreLimits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1.." + StoreLimits.MAX_PAGE_SIZE);
        }
        return database.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT d.id FROM deployments d"
                    + (activeOnly ? " WHERE d.cancelled_at IS NULL" : "")
                    + " ORDER BY d.created_seq DESC FETCH FIRST ? ROWS ONLY")) {
                select.setInt(1, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Deployment> page = new ArrayList<>();
            for (String id : ids) {
                page.add(find(c, id).orElseThrow());
            }
            return page;
        });
    }

    static Optional<Deployment> find(Connection c, String id) throws SQLException {
        List<String> group = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT client_id FROM deployment_clients WHERE deployment_id = ? ORDER BY client_id")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    group.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM deployments d WHERE d.id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, group)) : Optional.empty();
            }
        }
    }

    /** @param group the clients of a group deployment as the caller knows them (ignored for a channel one) */
    private static Deployment read(ResultSet rs, List<String> group) throws SQLException {
        String channel = rs.getString("channel");
        String deadlineAction = rs.getString("deadline_action");
        DeploymentSpec spec = new DeploymentSpec(rs.getString("release_id"), channel, channel == null ? group : List.of(),
                ActionType.valueOf(rs.getString("action_type")), Timestamps.get(rs, "forced_at"),
                UpdatePolicy.valueOf(rs.getString("policy")), Timestamps.get(rs, "deadline"),
                deadlineAction == null ? null : UpdatePolicy.DeadlineAction.valueOf(deadlineAction),
                parseFeatures(rs.getString("features_json")), rs.getString("maintenance_window"));
        return new Deployment(rs.getString("id"), rs.getLong("created_seq"), spec, Timestamps.get(rs, "created_at"),
                Timestamps.get(rs, "cancelled_at"));
    }

    private static void requireNoActive(Connection c, String sql, String releaseId, String target)
            throws SQLException, StoreException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, releaseId);
            select.setString(2, target);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    throw new ConflictException("duplicate_deployment", "release '" + releaseId
                            + "' is already deployed to '" + target + "' by deployment " + rs.getString(1)
                            + "; cancel it first");
                }
            }
        }
    }

    private static long nextSequence(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT MAX(created_seq) FROM deployments");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1) + 1;
        }
    }

    private static String featuresJson(DeploymentSpec spec) {
        if (spec.features().isEmpty()) {
            return null;
        }
        ArrayNode array = Inputs.JSON.createArrayNode();
        spec.features().forEach(array::add);
        return array.toString();
    }

    private static List<String> parseFeatures(String json) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try {
            List<String> features = new ArrayList<>();
            for (JsonNode node : Inputs.JSON.readTree(json)) {
                features.add(node.asText());
            }
            return features;
        } catch (JsonProcessingException e) {
            throw new SQLException("stored features are not JSON", e);
        }
    }

    static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
