package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.FleetEntry;
import io.patchbay.server.store.FleetQuery;
import io.patchbay.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fleet views. "Dead" is decided in SQL against a cut-off the server computes from its injected clock
 * ({@code now - N x interval}), never the database's {@code now()}: tests move the clock, and several server
 * nodes with one database agree as long as their own clocks do.
 */
public final class Fleet {
    private final Database database;
    private final Clock clock;

    public Fleet(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One page of clients ordered by id; with {@code deadOnly}, only dead, unrevoked clients. */
    public List<FleetEntry> list(FleetQuery query) throws StoreException {
        Instant cutoff = Timestamps.truncate(clock.instant())
                .minus(query.pollInterval().multipliedBy(query.deadAfterIntervals()));
        String channel = query.channel() == null ? null : Inputs.channel(query.channel());
        // Only fixed fragments are appended; every value is a parameter.
        StringBuilder sql = new StringBuilder("SELECT c.id, c.channel, c.revoked_at, s.patch_sequence, s.last_seen,"
                + " s.facts_json,"
                + " CASE WHEN s.last_seen IS NULL OR s.last_seen < ? THEN 1 ELSE 0 END AS dead"
                + " FROM clients c JOIN client_state s ON s.client_id = c.id WHERE 1 = 1");
        if (channel != null) {
            sql.append(" AND c.channel = ?");
        }
        if (query.afterClientId() != null) {
            sql.append(" AND c.id > ?");
        }
        if (query.deadOnly()) {
            sql.append(" AND c.revoked_at IS NULL AND (s.last_seen IS NULL OR s.last_seen < ?)");
        }
        sql.append(" ORDER BY c.id FETCH FIRST ? ROWS ONLY");
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                int i = 1;
                Timestamps.set(select, i++, cutoff);
                if (channel != null) {
                    select.setString(i++, channel);
                }
                if (query.afterClientId() != null) {
                    select.setString(i++, query.afterClientId());
                }
                if (query.deadOnly()) {
                    Timestamps.set(select, i++, cutoff);
                }
                select.setInt(i, query.limit());
                List<FleetEntry> page = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        HealthFacts health = HealthFacts.of(rs.getString("facts_json"));
                        page.add(new FleetEntry(rs.getString("id"), rs.getString("channel"),
                                rs.getLong("patch_sequence"), Timestamps.get(rs, "last_seen"),
                                rs.getInt("dead") == 1, Timestamps.get(rs, "revoked_at") != null,
                                health.state(), health.failing(), health.at()));
                    }
                }
                return page;
            }
        });
    }
}
