package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.LaggingClient;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The lagging view: active clients whose reported level (their last check-in's patch sequence) is below the
 * level of the active deployment assigned to them (group before channel, then newest, as in
 * {@link Deployments#assignmentFor}). Active deployments are few, so they are resolved in memory while the
 * clients are read in id order, one page at a time.
 */
public final class FleetLag {
    private record Active(String id, long sequence, String releaseId, long level) {
    }

    private final Database database;

    public FleetLag(Database database) {
        this.database = Objects.requireNonNull(database);
    }

    /** Lagging clients with id greater than {@code after} (null: from the start), at most {@code limit}. */
    public List<LaggingClient> lagging(String after, int limit) throws StoreException {
        if (limit < 1 || limit > StoreLimits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1.." + StoreLimits.MAX_PAGE_SIZE);
        }
        return database.inTransaction(c -> {
            Map<String, Active> byChannel = new HashMap<>();
            Map<String, Active> byId = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT d.id, d.created_seq, d.release_id, d.channel,"
                    + " r.release_level FROM deployments d JOIN releases r ON r.id = d.release_id"
                    + " WHERE d.cancelled_at IS NULL ORDER BY d.created_seq");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Active active = new Active(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(5));
                    byId.put(active.id(), active);
                    if (rs.getString(4) != null) {
                        byChannel.put(rs.getString(4), active); // ascending: the newest wins
                    }
                }
            }
            if (byId.isEmpty()) {
                return List.of();
            }
            Map<String, Active> byClient = groupAssignments(c, byId, byChannel);
            List<LaggingClient> lagging = new ArrayList<>();
            String cursor = after == null ? "" : after;
            while (lagging.size() < limit) {
                int read = 0;
                try (PreparedStatement select = c.prepareStatement("SELECT c.id, c.channel, s.patch_sequence,"
                        + " s.last_seen FROM clients c JOIN client_state s ON s.client_id = c.id"
                        + " WHERE c.revoked_at IS NULL AND c.id > ? ORDER BY c.id FETCH FIRST ? ROWS ONLY")) {
                    select.setString(1, cursor);
                    select.setInt(2, StoreLimits.MAX_PAGE_SIZE);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next() && lagging.size() < limit) {
                            read++;
                            cursor = rs.getString(1);
                            Active assigned = byClient.getOrDefault(cursor, byChannel.get(rs.getString(2)));
                            long reported = rs.getLong(3);
                            if (assigned != null && reported < assigned.level()) {
                                lagging.add(new LaggingClient(cursor, rs.getString(2), reported,
                                        Timestamps.get(rs, "last_seen"), assigned.id(), assigned.releaseId(),
                                        assigned.level()));
                            }
                        }
                    }
                }
                if (read < StoreLimits.MAX_PAGE_SIZE) {
                    break;
                }
            }
            return lagging;
        });
    }

    /** Each client's deployment by name: an operator's group deployment wins; a rollout's competes with the channel's. */
    private static Map<String, Active> groupAssignments(Connection c, Map<String, Active> byId,
            Map<String, Active> byChannel) throws SQLException {
        Map<String, Active> manual = new HashMap<>();
        Map<String, Active> rollout = new HashMap<>();
        Map<String, String> channels = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT dc.client_id, dc.deployment_id, d.rollout_id,"
                + " cl.channel FROM deployment_clients dc JOIN deployments d ON d.id = dc.deployment_id"
                + " JOIN clients cl ON cl.id = dc.client_id WHERE d.cancelled_at IS NULL");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Active candidate = byId.get(rs.getString(2));
                (rs.getString(3) == null ? manual : rollout).merge(rs.getString(1), candidate, FleetLag::newer);
                channels.put(rs.getString(1), rs.getString(4));
            }
        }
        rollout.forEach((client, active) -> {
            Active channel = byChannel.get(channels.get(client));
            manual.putIfAbsent(client, channel == null ? active : newer(active, channel));
        });
        return manual;
    }

    private static Active newer(Active a, Active b) {
        return a.sequence() >= b.sequence() ? a : b;
    }
}
