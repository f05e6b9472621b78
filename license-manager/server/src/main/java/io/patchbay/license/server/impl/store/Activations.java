package io.patchbay.license.server.impl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The activations table, inside the caller's transaction (under the license's row lock). */
public final class Activations {
    private static final String COLUMNS = "id, license_id, instance_key, fingerprint_json, last_fingerprint_json,"
            + " client_id, offline, activated_at, last_seen_at, last_issued_at, deactivated_at, deactivated_why";

    private Activations() {
    }

    public static void insert(Connection c, ActivationRow row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lic_activations (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.id());
            insert.setString(2, row.licenseId());
            insert.setString(3, row.instanceKey());
            insert.setString(4, Sql.mapJson(row.fingerprint()));
            insert.setString(5, Sql.mapJson(row.lastFingerprint()));
            insert.setString(6, row.clientId());
            insert.setBoolean(7, row.offline());
            Sql.set(insert, 8, row.activatedAt());
            Sql.set(insert, 9, row.lastSeenAt());
            Sql.set(insert, 10, row.lastIssuedAt());
            Sql.set(insert, 11, row.deactivatedAt());
            insert.setString(12, row.deactivatedWhy());
            insert.executeUpdate();
        }
    }

    /** The active activations of a license, least recently seen first. */
    public static List<ActivationRow> active(Connection c, String licenseId) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM lic_activations WHERE license_id = ? AND deactivated_at IS NULL"
                + " ORDER BY last_seen_at, id", licenseId);
    }

    /** Every activation of a license, newest first (bounded). */
    public static List<ActivationRow> all(Connection c, String licenseId, int limit) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM lic_activations WHERE license_id = ?"
                + " ORDER BY activated_at DESC, id LIMIT " + limit, licenseId);
    }

    public static Optional<ActivationRow> activeFor(Connection c, String licenseId, String instanceKey) throws SQLException {
        for (ActivationRow row : active(c, licenseId)) {
            if (row.instanceKey().equals(instanceKey)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /** A renewal or re-activation seen: when, with which fingerprint and the instance's own clock. */
    public static void seen(Connection c, String id, Instant at, Map<String, String> fingerprint, Instant issuedAt,
            String clientId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE lic_activations SET last_seen_at = ?,"
                + " last_fingerprint_json = ?, last_issued_at = ?, client_id = COALESCE(?, client_id) WHERE id = ?")) {
            Sql.set(update, 1, at);
            update.setString(2, Sql.mapJson(fingerprint));
            Sql.set(update, 3, issuedAt);
            update.setString(4, clientId);
            update.setString(5, id);
            update.executeUpdate();
        }
    }

    public static void deactivate(Connection c, String id, Instant at, String why) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE lic_activations SET deactivated_at = ?,"
                + " deactivated_why = ? WHERE id = ? AND deactivated_at IS NULL")) {
            Sql.set(update, 1, at);
            update.setString(2, why);
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    private static List<ActivationRow> list(Connection c, String sql, String licenseId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, licenseId);
            List<ActivationRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ActivationRow(rs.getString("id"), rs.getString("license_id"),
                            rs.getString("instance_key"), Sql.jsonMap(rs.getString("fingerprint_json")),
                            Sql.jsonMap(rs.getString("last_fingerprint_json")), rs.getString("client_id"),
                            rs.getBoolean("offline"), Sql.get(rs, "activated_at"), Sql.get(rs, "last_seen_at"),
                            Sql.get(rs, "last_issued_at"), Sql.get(rs, "deactivated_at"), rs.getString("deactivated_why")));
                }
            }
            return rows;
        }
    }
}
