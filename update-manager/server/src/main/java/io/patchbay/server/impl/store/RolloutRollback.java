package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Undoing a halted rollout on the clients that took its release. A true downgrade is refused by design: an agent
 * applies only releases above the level it runs, and the framework's publisher gate refuses bundle versions below
 * the committed ones ("no unintended downgrade"). Clients whose install failed are already back on their previous
 * level (the framework rolled the swap back). What is left are the clients that COMMITTED the release, healthy or
 * not; they are rolled <em>forward</em> to a release with a higher level, typically the previous bundles re-published
 * with higher versions, by one explicit deployment to exactly those clients.
 */
public final class RolloutRollback {
    private final Database database;
    private final Clock clock;

    public RolloutRollback(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @param releaseId the release to move those clients to; null is refused with {@code downgrade_refused} and
     *                  the explanation above
     * @return the new deployment's id
     * @throws ConflictException {@code rollout_<state>} (only a HALTED rollout), {@code downgrade_refused},
     *                           {@code already_rolled_back}, {@code nothing_to_roll_back}
     */
    public String rollback(String id, String releaseId, String by) throws StoreException {
        Inputs.name("id", id, 36);
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            Rollout rollout = Rollouts.require(c, id);
            if (rollout.state() != State.HALTED) {
                throw new ConflictException("rollout_" + rollout.state().name().toLowerCase(java.util.Locale.ROOT),
                        "only a HALTED rollout can be rolled back; '" + id + "' is " + rollout.state());
            }
            if (rollout.rollbackDeploymentId() != null) {
                throw new ConflictException("already_rolled_back", "rollout '" + id + "' was rolled back by deployment "
                        + rollout.rollbackDeploymentId());
            }
            long level = RolloutRows.releaseLevel(c, rollout.spec().releaseId());
            if (releaseId == null) {
                throw refused(rollout, level);
            }
            Inputs.name("releaseId", releaseId, StoreLimits.MAX_RELEASE_ID_CHARS);
            Release target = Releases.find(c, releaseId).orElseThrow(() ->
                    new NotFoundException("unknown_release", "no release '" + releaseId + "'"));
            if (target.level() <= level) {
                throw refused(rollout, level);
            }
            List<String> clients = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT ir.client_id FROM install_reports ir"
                    + " JOIN rollout_groups g ON g.deployment_id = ir.deployment_id JOIN clients c ON c.id = ir.client_id"
                    + " WHERE g.rollout_id = ? AND ir.state = 'COMMITTED' AND c.revoked_at IS NULL"
                    + " ORDER BY ir.client_id")) {
                select.setString(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        clients.add(rs.getString(1));
                    }
                }
            }
            if (clients.isEmpty()) {
                throw new ConflictException("nothing_to_roll_back", "no client of rollout '" + id + "' committed "
                        + rollout.spec().releaseId() + "; the failed ones are already back on their previous level");
            }
            RolloutRows.transition(c, rollout, State.HALTED, null, now);
            String deploymentId = Secrets.newId();
            Deployments.insert(c, deploymentId, new DeploymentSpec(releaseId, null, clients,
                    rollout.spec().actionType(), null, rollout.spec().policy(), null, null, null, null), by, now, null);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE rollouts SET rollback_deployment_id = ? WHERE id = ?")) {
                update.setString(1, deploymentId);
                update.setString(2, id);
                update.executeUpdate();
            }
            RolloutRows.event(c, id, now, "ROLLBACK", null, null, null, clients.size() + " client(s) that committed "
                    + rollout.spec().releaseId() + " move to " + releaseId + " (level " + target.level()
                    + ") by deployment " + deploymentId + "; by " + by);
            return deploymentId;
        });
    }

    private static ConflictException refused(Rollout rollout, long level) {
        return new ConflictException("downgrade_refused", "agents apply only releases above their running level and"
                + " the framework refuses lower bundle versions, so clients cannot go back to "
                + (rollout.previousReleaseId() == null ? "the previous release" : rollout.previousReleaseId())
                + "; publish its bundles with higher versions as a new release (level above " + level
                + ") and name it as releaseId");
    }
}
