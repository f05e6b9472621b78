package io.patchbay.license.server.impl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The license audit trail: every change, by whom (an admin token id or an instance key). */
public final class Audit {
    public static final String ACTIVATE = "ACTIVATE";
    /** The same instance on the same machine activating again: recorded, not counted as churn. */
    public static final String REACTIVATE = "REACTIVATE";
    public static final String DEACTIVATE = "DEACTIVATE";
    public static final String TRANSFER = "TRANSFER";

    public record Entry(long seq, Instant at, String licenseId, String actor, String action, String detail) {
    }

    private Audit() {
    }

    public static void record(Connection c, Instant at, String licenseId, String actor, String action, String detail)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO lic_audit (at, license_id, actor, action, detail) VALUES (?, ?, ?, ?, ?)")) {
            Sql.set(insert, 1, at);
            insert.setString(2, licenseId);
            insert.setString(3, actor.length() > 96 ? actor.substring(0, 96) : actor);
            insert.setString(4, action);
            insert.setString(5, detail == null || detail.length() <= 512 ? detail : detail.substring(0, 509) + "...");
            insert.executeUpdate();
        }
    }

    /** How many activations, transfers and deactivations a license had since {@code since}. */
    public static int churn(Connection c, String licenseId, Instant since) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM lic_audit WHERE license_id = ?"
                + " AND at > ? AND action IN ('" + ACTIVATE + "', '" + DEACTIVATE + "', '" + TRANSFER + "')")) {
            select.setString(1, licenseId);
            Sql.set(select, 2, since);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public static List<Entry> recent(Connection c, String licenseId, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT seq, at, license_id, actor, action, detail"
                + " FROM lic_audit WHERE license_id = ? ORDER BY seq DESC LIMIT ?")) {
            select.setString(1, licenseId);
            select.setInt(2, limit);
            List<Entry> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Entry(rs.getLong("seq"), Sql.get(rs, "at"), rs.getString("license_id"),
                            rs.getString("actor"), rs.getString("action"), rs.getString("detail")));
                }
            }
            return rows;
        }
    }
}
