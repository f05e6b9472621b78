package io.patchbay.license.server.impl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The licenses table. Every method works inside the caller's transaction; {@link #lock} and {@link #lockByKey}
 * take the row lock ({@code FOR UPDATE}) that serialises all changes to one license (seats, machines, freshness),
 * so limits hold under concurrent requests on both databases.
 */
public final class Licenses {
    private static final String COLUMNS = "id, customer, features_json, not_before, expires_at, max_machines, max_seats,"
            + " seat_timeout_seconds, check_in_seconds, offline_grace_seconds, max_transfers, transfers_used,"
            + " max_activations_per_day, misuse_action, status, status_reason, status_changed_at, created_at";

    private Licenses() {
    }

    public static void insert(Connection c, LicenseRow row, String keyHash) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lic_licenses (" + COLUMNS + ", key_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.id());
            insert.setString(2, row.customer());
            insert.setString(3, row.featuresJson());
            Sql.set(insert, 4, row.notBefore());
            Sql.set(insert, 5, row.expiresAt());
            insert.setInt(6, row.maxMachines());
            Sql.setInt(insert, 7, row.maxSeats());
            insert.setLong(8, row.seatTimeout().toSeconds());
            Sql.setLong(insert, 9, row.checkIn() == null ? null : row.checkIn().toSeconds());
            Sql.setLong(insert, 10, row.offlineGrace() == null ? null : row.offlineGrace().toSeconds());
            insert.setInt(11, row.maxTransfers());
            insert.setInt(12, row.transfersUsed());
            insert.setInt(13, row.maxActivationsPerDay());
            insert.setString(14, row.misuseAction());
            insert.setString(15, row.status());
            insert.setString(16, row.statusReason());
            Sql.set(insert, 17, row.statusChangedAt());
            Sql.set(insert, 18, row.createdAt());
            insert.setString(19, keyHash);
            insert.executeUpdate();
        }
    }

    public static Optional<LicenseRow> lock(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM lic_licenses WHERE id = ? FOR UPDATE", id);
    }

    public static Optional<LicenseRow> lockByKey(Connection c, String keyHash) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM lic_licenses WHERE key_hash = ? FOR UPDATE", keyHash);
    }

    public static Optional<LicenseRow> find(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM lic_licenses WHERE id = ?", id);
    }

    /** Newest first; {@code status} null for all. */
    public static List<LicenseRow> list(Connection c, String status, int limit) throws SQLException {
        String where = status == null ? "" : " WHERE status = ?";
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM lic_licenses" + where
                + " ORDER BY created_at DESC, id LIMIT ?")) {
            int i = 1;
            if (status != null) {
                select.setString(i++, status);
            }
            select.setInt(i, limit);
            List<LicenseRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    public static void setStatus(Connection c, String id, String status, String reason, Instant at) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE lic_licenses SET status = ?, status_reason = ?, status_changed_at = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setString(2, reason);
            Sql.set(update, 3, at);
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    public static void countTransfer(Connection c, String id) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE lic_licenses SET transfers_used = transfers_used + 1 WHERE id = ?")) {
            update.setString(1, id);
            update.executeUpdate();
        }
    }

    private static Optional<LicenseRow> one(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, value);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static LicenseRow row(ResultSet rs) throws SQLException {
        Long checkIn = Sql.longOrNull(rs, "check_in_seconds");
        Long grace = Sql.longOrNull(rs, "offline_grace_seconds");
        return new LicenseRow(rs.getString("id"), rs.getString("customer"), rs.getString("features_json"),
                Sql.get(rs, "not_before"), Sql.get(rs, "expires_at"), rs.getInt("max_machines"),
                Sql.intOrNull(rs, "max_seats"), Duration.ofSeconds(rs.getLong("seat_timeout_seconds")),
                checkIn == null ? null : Duration.ofSeconds(checkIn), grace == null ? null : Duration.ofSeconds(grace),
                rs.getInt("max_transfers"), rs.getInt("transfers_used"), rs.getInt("max_activations_per_day"),
                rs.getString("misuse_action"), rs.getString("status"), rs.getString("status_reason"),
                Sql.get(rs, "status_changed_at"), Sql.get(rs, "created_at"));
    }
}
