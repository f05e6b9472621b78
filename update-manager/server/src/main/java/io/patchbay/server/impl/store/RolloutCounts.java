package io.patchbay.server.impl.store;

import io.patchbay.server.impl.store.RolloutRecords.Counts;
import io.patchbay.server.impl.store.RolloutRecords.Group;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a started group's clients did, from the install reports naming its deployment and the health failures seen
 * during their soak. A client fails on a REJECTED, ROLLED_BACK, ROLLBACK_FAILED or CRASHED report, or on a health
 * DOWN within the soak after its COMMITTED report (once failed, always failed: a later retry does not erase an
 * emergency signal). It succeeds once it reported COMMITTED and the soak has passed without a failure; until then
 * it is soaking. The release may reach a group's client through another deployment too (an operator deploys it by
 * hand to the channel, which then outranks the group's deployment): its COMMITTED report for the release's level
 * counts as well (it will not install the release twice, so no other report comes), and so does a failure of the
 * release's level reported after the group started. Revoked clients are left out.
 */
public final class RolloutCounts {
    /** Failing clients named in counts and in a halt reason. */
    public static final int MAX_NAMED = 10;

    private static final String FAILURES = "('REJECTED', 'ROLLED_BACK', 'ROLLBACK_FAILED', 'CRASHED')";

    private RolloutCounts() {
    }

    /** @param level the rollout's release level (a report of that level through another deployment counts too) */
    static Counts of(Connection c, Rollout rollout, Group group, long level, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT dc.client_id,"
                + " (SELECT MIN(ir.received_at) FROM install_reports ir WHERE ir.client_id = dc.client_id"
                + "   AND ir.state = 'COMMITTED' AND (ir.deployment_id = dc.deployment_id OR ir.target_sequence = ?))"
                + "   AS committed_at,"
                + " (SELECT MIN(ir.state) FROM install_reports ir WHERE ir.client_id = dc.client_id"
                + "   AND ir.state IN " + FAILURES + " AND (ir.deployment_id = dc.deployment_id OR (ir.target_sequence = ?"
                + "   AND ir.received_at >= ?))) AS failure,"
                + " h.seen_at AS down_at, h.failing"
                + " FROM deployment_clients dc JOIN clients c ON c.id = dc.client_id"
                + " LEFT JOIN rollout_health h ON h.rollout_id = ? AND h.client_id = dc.client_id"
                + " WHERE dc.deployment_id = ? AND c.revoked_at IS NULL ORDER BY dc.client_id")) {
            select.setLong(1, level);
            select.setLong(2, level);
            Timestamps.set(select, 3, group.startedAt());
            select.setString(4, rollout.id());
            select.setString(5, group.deploymentId());
            int size = 0;
            int succeeded = 0;
            int failed = 0;
            int soaking = 0;
            List<String> failures = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    size++;
                    Instant committed = Timestamps.get(rs, "committed_at");
                    String failure = rs.getString("failure");
                    Instant down = Timestamps.get(rs, "down_at");
                    if (failure != null || down != null) {
                        failed++;
                        if (failures.size() < MAX_NAMED) {
                            String failing = rs.getString("failing");
                            failures.add(rs.getString("client_id") + ": " + (failure != null ? failure
                                    : "health DOWN" + (failing == null || failing.isEmpty() ? "" : " (" + failing + ")")
                                    + " during the soak"));
                        }
                    } else if (committed != null) {
                        if (committed.plus(rollout.spec().soak()).isAfter(now)) {
                            soaking++;
                        } else {
                            succeeded++;
                        }
                    }
                }
            }
            return new Counts(size, succeeded, failed, soaking, size - succeeded - failed - soaking, failures);
        }
    }

    /** A group not started yet: only its size, as it would select now. */
    static Counts scheduled(int size) {
        return new Counts(size, 0, 0, 0, size, List.of());
    }

    static boolean succeeded(Rollout rollout, Counts counts) {
        return (long) counts.succeeded() * 100 >= (long) rollout.spec().successThreshold() * counts.size();
    }

    static boolean errorsCrossed(Rollout rollout, Counts counts) {
        if (counts.failed() == 0) {
            return false;
        }
        return switch (rollout.spec().errorKind()) {
            case COUNT -> counts.failed() >= rollout.spec().errorThreshold();
            case PERCENT -> (long) counts.failed() * 100 >= (long) rollout.spec().errorThreshold() * counts.size();
        };
    }
}
