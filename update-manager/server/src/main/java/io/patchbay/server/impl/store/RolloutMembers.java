package io.patchbay.server.impl.store;

import io.patchbay.server.impl.store.RolloutRecords.Group;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is in a group. Every client of the channel has a bucket in [0, 10000): SHA-256 of the rollout's seed and the
 * client id, so the same client always lands in the same bucket of a rollout (whichever node computes it, however
 * often), and different rollouts pick different canaries. A PERCENT group of p% takes the buckets from the previous
 * PERCENT group's share up to p*100, so "10%, 50%, 100%" reaches 10 %, then 50 %, then the whole channel; a client
 * enrolled later falls under the same rule. Not selected: clients named by an explicit group of the rollout, clients
 * already in one of its groups, clients an operator pinned with an explicit deployment, revoked clients and clients
 * that already run the release's level or above (they have nothing to install).
 */
public final class RolloutMembers {
    public static final int BUCKETS = 10_000;

    private static final String ELIGIBLE = " FROM clients c LEFT JOIN client_state s ON s.client_id = c.id"
            + " WHERE c.channel = ? AND c.revoked_at IS NULL AND COALESCE(s.patch_sequence, 0) < ?"
            + " AND NOT EXISTS (SELECT 1 FROM deployment_clients dc JOIN deployments d ON d.id = dc.deployment_id"
            + "   WHERE dc.client_id = c.id AND (d.rollout_id = ? OR (d.rollout_id IS NULL AND d.cancelled_at IS NULL)))";

    private RolloutMembers() {
    }

    /** The client's bucket in this rollout, 0..9999. */
    public static int bucket(String seed, String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((seed + "/" + clientId).getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** The bucket range [from, to) of a PERCENT group: from the previous PERCENT group's share to its own. */
    static int[] range(List<Group> groups, int index) {
        int from = 0;
        for (Group group : groups) {
            if (group.index() == index) {
                return new int[] {from, group.spec().percent() * (BUCKETS / 100)};
            }
            if (group.spec().percent() != null) {
                from = group.spec().percent() * (BUCKETS / 100);
            }
        }
        throw new IllegalArgumentException("no group " + index);
    }

    /** The clients group {@code index} selects now (at most {@code limit + 1}, so the caller can tell it is over). */
    static List<String> select(Connection c, Rollout rollout, long level, List<Group> groups, int index, int limit)
            throws SQLException {
        Group group = groups.get(index);
        List<String> members = new ArrayList<>();
        if (group.spec().percent() == null) {
            try (PreparedStatement select = c.prepareStatement("SELECT c.id" + ELIGIBLE + " AND EXISTS (SELECT 1"
                    + " FROM rollout_group_clients x WHERE x.rollout_id = ? AND x.client_id = c.id"
                    + " AND x.group_index = ?) ORDER BY c.id")) {
                bind(select, rollout, level);
                select.setString(4, rollout.id());
                select.setInt(5, index);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next() && members.size() <= limit) {
                        members.add(rs.getString(1));
                    }
                }
            }
            return members;
        }
        int[] range = range(groups, index);
        forEachEligible(c, rollout, level, (id, bucket) -> {
            if (bucket >= range[0] && bucket < range[1] && members.size() <= limit) {
                members.add(id);
            }
        });
        return members;
    }

    /**
     * How many clients each group that has not started would select now (for the status view): one scan of the
     * channel for all PERCENT groups, one query per explicit group; started groups get 0.
     */
    static int[] estimates(Connection c, Rollout rollout, long level, List<Group> groups) throws SQLException {
        int[] sizes = new int[groups.size()];
        List<Group> percent = new ArrayList<>();
        for (Group group : groups) {
            if (group.started()) {
                continue;
            }
            if (group.spec().percent() != null) {
                percent.add(group);
            } else {
                sizes[group.index()] = select(c, rollout, level, groups, group.index(), RolloutRules.MAX_GROUP_CLIENTS)
                        .size();
            }
        }
        if (!percent.isEmpty()) {
            forEachEligible(c, rollout, level, (id, bucket) -> {
                for (Group group : percent) {
                    int[] range = range(groups, group.index());
                    if (bucket >= range[0] && bucket < range[1]) {
                        sizes[group.index()]++;
                    }
                }
            });
        }
        return sizes;
    }

    /**
     * Clients that joined the channel after their PERCENT group started (enrolled later, or moved in), each with
     * that group's deployment id, so the bucket rule holds for them too. Groups not started, or whose deployment
     * was cancelled, get none. At most {@link RolloutRules#MAX_GROUP_CLIENTS} per call.
     */
    static List<String[]> lateMembers(Connection c, Rollout rollout, long level, List<Group> groups)
            throws SQLException {
        List<String[]> adds = new ArrayList<>();
        List<Group> open = groups.stream().filter(g -> g.started() && g.spec().percent() != null
                && (g.state() == RolloutRecords.GroupState.RUNNING || g.state() == RolloutRecords.GroupState.FINISHED))
                .toList();
        if (open.isEmpty()) {
            return adds;
        }
        forEachEligible(c, rollout, level, (id, bucket) -> {
            for (Group group : open) {
                int[] range = range(groups, group.index());
                if (bucket >= range[0] && bucket < range[1] && adds.size() < RolloutRules.MAX_GROUP_CLIENTS) {
                    adds.add(new String[] {group.deploymentId(), id});
                }
            }
        });
        return adds;
    }

    /** Adds {@link #lateMembers} to their groups' deployments. */
    static void add(Connection c, List<String[]> adds) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO deployment_clients (deployment_id, client_id) VALUES (?, ?)")) {
            for (String[] add : adds) {
                insert.setString(1, add[0]);
                insert.setString(2, add[1]);
                insert.addBatch();
            }
            if (!adds.isEmpty()) {
                insert.executeBatch();
            }
        }
    }

    private interface Visitor {
        void visit(String clientId, int bucket);
    }

    private static void forEachEligible(Connection c, Rollout rollout, long level, Visitor visitor)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT c.id" + ELIGIBLE
                + " AND NOT EXISTS (SELECT 1 FROM rollout_group_clients x WHERE x.rollout_id = ? AND x.client_id = c.id)"
                + " ORDER BY c.id")) {
            bind(select, rollout, level);
            select.setString(4, rollout.id());
            select.setFetchSize(1000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    visitor.visit(id, bucket(rollout.seed(), id));
                }
            }
        }
    }

    private static void bind(PreparedStatement select, Rollout rollout, long level) throws SQLException {
        select.setString(1, rollout.spec().channel());
        select.setLong(2, level);
        select.setString(3, rollout.id());
    }
}
