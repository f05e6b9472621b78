package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.store.RolloutRecords.Moved;
import io.patchbay.server.impl.store.RolloutRecords.Rollback;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.Skipped;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Undoing a halted rollout on the clients that COMMITTED its release (clients whose install failed are already back
 * on their previous level: the framework rolled the swap back). Two ways, each once per rollout:
 *
 * <ul>
 * <li>{@link #rollBack}: back to the release each client committed before, one explicit deployment per previous
 * release, marked as a rollback of the halted release ({@code deployments.rollback_of}). The agent applies such a
 * lower level only if it committed exactly those bytes before (the framework's patch id in its swap history), so a
 * server can only send a host back to what that host itself ran. Clients with no earlier committed release (they
 * ran the host's initial bundles) cannot be taken back by a release; they are recorded as skipped.</li>
 * <li>{@link #rollForward}: to a named release with a higher level (typically the previous bundles re-published with
 * higher versions), by one explicit deployment to exactly those clients.</li>
 * </ul>
 *
 * A rollback's deployments carry the rollout's id, so they rank with channel deployments (newest wins): a later
 * channel deployment of a fixed release still reaches these clients. A roll-forward's is an operator's explicit
 * deployment, as before.
 */
public final class RolloutRollback {
    /** Skipped clients named in the rollback event's detail before "…". */
    private static final int NAMED_IN_EVENT = 5;

    private final Database database;
    private final Clock clock;

    public RolloutRollback(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @return the deployments made and the clients skipped
     * @throws ConflictException {@code rollout_<state>} (only a HALTED rollout), {@code already_rolled_back},
     *                           {@code nothing_to_roll_back} (no client committed the release),
     *                           {@code no_previous_release} (none of those clients committed an earlier release)
     */
    public Rollback rollBack(String id, String by) throws StoreException {
        Inputs.name("id", id, 36);
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            Rollout rollout = requireHalted(c, id);
            String halted = rollout.spec().releaseId();
            Map<String, Optional<PreviousReleases.Commit>> clients =
                    PreviousReleases.of(c, id, RolloutRows.releaseLevel(c, halted));
            requireSome(rollout, clients.size());
            Map<PreviousReleases.Commit, List<String>> byRelease = new LinkedHashMap<>();
            List<Skipped> skipped = new ArrayList<>();
            Map<String, PreviousReleases.Commit> releases = new LinkedHashMap<>();
            clients.forEach((client, previous) -> {
                if (previous.isEmpty()) {
                    skipped.add(new Skipped(client, "no release committed before " + halted
                            + ": it ran the host's initial bundles, which no release can bring back"));
                } else {
                    // one key per release, whichever report of it was found
                    PreviousReleases.Commit key = releases.computeIfAbsent(previous.get().releaseId(),
                            r -> previous.get());
                    byRelease.computeIfAbsent(key, k -> new ArrayList<>()).add(client);
                }
            });
            if (byRelease.isEmpty()) {
                throw new ConflictException("no_previous_release", skipped.size() + " client(s) committed " + halted
                        + " but none committed an earlier release (they ran the host's initial bundles), e.g. "
                        + names(skipped) + "; roll forward with a release instead");
            }
            RolloutRows.transition(c, rollout, State.HALTED, null, now);
            List<Moved> moved = new ArrayList<>();
            for (Map.Entry<PreviousReleases.Commit, List<String>> e : byRelease.entrySet()) {
                String deploymentId = Secrets.newId();
                Deployments.insert(c, deploymentId, spec(rollout, e.getKey().releaseId(), e.getValue()), by, now, id);
                try (PreparedStatement update = c.prepareStatement(
                        "UPDATE deployments SET rollback_of = ? WHERE id = ?")) {
                    update.setString(1, halted);
                    update.setString(2, deploymentId);
                    update.executeUpdate();
                }
                moved.add(new Moved(deploymentId, e.getKey().releaseId(), e.getKey().level(), e.getValue()));
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO rollout_rollback_skips (rollout_id, client_id, reason) VALUES (?, ?, ?)")) {
                for (Skipped s : skipped) {
                    insert.setString(1, id);
                    insert.setString(2, s.clientId());
                    insert.setString(3, s.reason());
                    insert.addBatch();
                }
                if (!skipped.isEmpty()) {
                    insert.executeBatch();
                }
            }
            recordDeployment(c, id, moved.get(0).deploymentId());
            StringBuilder detail = new StringBuilder("rolled back from " + halted + ":");
            for (Moved m : moved) {
                detail.append(' ').append(m.clientIds().size()).append(" client(s) to ").append(m.releaseId())
                        .append(" (level ").append(m.level()).append(") by deployment ").append(m.deploymentId())
                        .append(';');
            }
            if (!skipped.isEmpty()) {
                detail.append(' ').append(skipped.size()).append(" skipped (no earlier release): ")
                        .append(names(skipped)).append(';');
            }
            RolloutRows.event(c, id, now, "ROLLBACK", null, null, null, detail + " by " + by);
            return new Rollback(moved, skipped);
        });
    }

    /**
     * @param releaseId the release to move those clients to; it must have a higher level than the halted one
     * @return the new deployment's id
     * @throws ConflictException {@code rollout_<state>} (only a HALTED rollout), {@code downgrade_refused} (a
     *                           release at or below the halted level: use {@link #rollBack}),
     *                           {@code already_rolled_back}, {@code nothing_to_roll_back}
     */
    public String rollForward(String id, String releaseId, String by) throws StoreException {
        Inputs.name("id", id, 36);
        Inputs.name("releaseId", releaseId, StoreLimits.MAX_RELEASE_ID_CHARS);
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            Rollout rollout = requireHalted(c, id);
            long level = RolloutRows.releaseLevel(c, rollout.spec().releaseId());
            Release target = Releases.find(c, releaseId).orElseThrow(() ->
                    new NotFoundException("unknown_release", "no release '" + releaseId + "'"));
            if (target.level() <= level) {
                throw new ConflictException("downgrade_refused", "a roll-forward needs a release above level " + level
                        + " (" + rollout.spec().releaseId() + "); " + releaseId + " is level " + target.level()
                        + ". To go back to the release each client ran before, roll back without naming a release");
            }
            List<String> clients = new ArrayList<>(PreviousReleases.of(c, id, level).keySet());
            requireSome(rollout, clients.size());
            RolloutRows.transition(c, rollout, State.HALTED, null, now);
            String deploymentId = Secrets.newId();
            Deployments.insert(c, deploymentId, spec(rollout, releaseId, clients), by, now, null);
            recordDeployment(c, id, deploymentId);
            RolloutRows.event(c, id, now, "ROLLBACK", null, null, null, clients.size() + " client(s) that committed "
                    + rollout.spec().releaseId() + " move to " + releaseId + " (level " + target.level()
                    + ") by deployment " + deploymentId + "; by " + by);
            return deploymentId;
        });
    }

    /** The rollback deployments of a rollout and its skipped clients ({@link Rollback#NONE} before a rollback). */
    static Rollback read(Connection c, String id) throws SQLException {
        Map<String, Moved> moved = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT d.id, d.release_id, r.release_level FROM"
                + " deployments d JOIN releases r ON r.id = d.release_id WHERE d.rollout_id = ?"
                + " AND d.rollback_of IS NOT NULL ORDER BY d.created_seq")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    moved.put(rs.getString(1), new Moved(rs.getString(1), rs.getString(2), rs.getLong(3), List.of()));
                }
            }
        }
        for (Map.Entry<String, Moved> e : moved.entrySet()) {
            Moved m = e.getValue();
            e.setValue(new Moved(m.deploymentId(), m.releaseId(), m.level(),
                    Deployments.find(c, m.deploymentId()).orElseThrow().spec().clientIds()));
        }
        List<Skipped> skipped = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT client_id, reason FROM rollout_rollback_skips"
                + " WHERE rollout_id = ? ORDER BY client_id")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    skipped.add(new Skipped(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return moved.isEmpty() && skipped.isEmpty() ? Rollback.NONE : new Rollback(List.copyOf(moved.values()), skipped);
    }

    private static Rollout requireHalted(Connection c, String id) throws SQLException, StoreException {
        Rollout rollout = Rollouts.require(c, id);
        if (rollout.state() != State.HALTED) {
            throw new ConflictException("rollout_" + rollout.state().name().toLowerCase(Locale.ROOT),
                    "only a HALTED rollout can be rolled back; '" + id + "' is " + rollout.state());
        }
        if (rollout.rollbackDeploymentId() != null) {
            throw new ConflictException("already_rolled_back", "rollout '" + id + "' was rolled back by deployment "
                    + rollout.rollbackDeploymentId());
        }
        return rollout;
    }

    private static void requireSome(Rollout rollout, int clients) throws ConflictException {
        if (clients == 0) {
            throw new ConflictException("nothing_to_roll_back", "no client of rollout '" + rollout.id() + "' committed "
                    + rollout.spec().releaseId() + "; the failed ones are already back on their previous level");
        }
    }

    private static DeploymentSpec spec(Rollout rollout, String releaseId, List<String> clients) {
        return new DeploymentSpec(releaseId, null, clients, rollout.spec().actionType(), null, rollout.spec().policy(),
                null, null, null, null);
    }

    /** The rollout's first rollback deployment marks it rolled back (a second rollback is refused). */
    private static void recordDeployment(Connection c, String id, String deploymentId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE rollouts SET rollback_deployment_id = ? WHERE id = ?")) {
            update.setString(1, deploymentId);
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    private static String names(List<Skipped> skipped) {
        List<String> ids = skipped.stream().limit(NAMED_IN_EVENT).map(Skipped::clientId).toList();
        return String.join(", ", ids) + (skipped.size() > NAMED_IN_EVENT ? ", …" : "");
    }
}
