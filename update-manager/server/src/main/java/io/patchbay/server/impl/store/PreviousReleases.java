package io.patchbay.server.impl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * For each client of a halted rollout that COMMITTED its release: the release it had committed before. Read from
 * the install reports, through the deployment each report names (the agent echoes it), and only where the report's
 * level is that release's level, as everywhere else a report counts as committing a release. A client of one of the
 * rollout's groups that committed the release through another deployment (the same release deployed by hand to
 * the channel) is rolled back too: {@link RolloutCounts} counted that commit for the rollout.
 */
final class PreviousReleases {
    private PreviousReleases() {
    }

    /** A committed release: which, at what level, when its COMMITTED report arrived. */
    record Commit(String releaseId, long level, Instant at) {
        boolean laterThan(Commit other) {
            int byTime = at.compareTo(other.at);
            return byTime > 0 || (byTime == 0 && level > other.level);
        }
    }

    /**
     * @return every non-revoked client of the rollout's groups that committed its release, by id, with
     *         the release it committed last before that (at a lower level), or empty when it has none
     */
    static Map<String, Optional<Commit>> of(Connection c, String rolloutId, long haltedLevel) throws SQLException {
        Map<String, Instant> halted = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT dc.client_id, MAX(ir.received_at) AS committed_at FROM"
                + " rollout_groups g JOIN deployment_clients dc ON dc.deployment_id = g.deployment_id"
                + " JOIN clients c ON c.id = dc.client_id"
                + " JOIN install_reports ir ON ir.client_id = dc.client_id AND ir.state = 'COMMITTED'"
                + "   AND (ir.deployment_id = dc.deployment_id OR ir.target_sequence = ?)"
                + " WHERE g.rollout_id = ? AND c.revoked_at IS NULL"
                + " GROUP BY dc.client_id ORDER BY dc.client_id")) {
            select.setLong(1, haltedLevel);
            select.setString(2, rolloutId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    halted.put(rs.getString(1), Timestamps.get(rs, "committed_at"));
                }
            }
        }
        Map<String, Commit> previous = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT ir.client_id, d.release_id, r.release_level,"
                + " ir.received_at FROM install_reports ir JOIN deployments d ON d.id = ir.deployment_id"
                + " JOIN releases r ON r.id = d.release_id"
                + " WHERE ir.state = 'COMMITTED' AND ir.target_sequence = r.release_level AND r.release_level < ?"
                + " AND ir.client_id IN (SELECT dc.client_id FROM deployment_clients dc JOIN rollout_groups g"
                + "   ON g.deployment_id = dc.deployment_id WHERE g.rollout_id = ?)")) {
            select.setLong(1, haltedLevel);
            select.setString(2, rolloutId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String client = rs.getString(1);
                    Commit commit = new Commit(rs.getString(2), rs.getLong(3), Timestamps.get(rs, "received_at"));
                    Instant haltedAt = halted.get(client);
                    if (haltedAt == null || commit.at().isAfter(haltedAt)) {
                        continue; // revoked, or committed after the halted release: not what it ran before it
                    }
                    previous.merge(client, commit, (a, b) -> b.laterThan(a) ? b : a);
                }
            }
        }
        Map<String, Optional<Commit>> result = new LinkedHashMap<>();
        halted.keySet().forEach(client -> result.put(client, Optional.ofNullable(previous.get(client))));
        return result;
    }
}
