package io.patchbay.license.server.impl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Misuse flags: one row per license and kind, its latest reason and how often it happened. */
public final class Flags {

    public record FlagRow(String id, String licenseId, String kind, String reason, long occurrences, Instant firstAt,
                          Instant lastAt, String action) {
    }

    private Flags() {
    }

    /** Raises (or repeats) a flag; the action only ever escalates from FLAGGED to SUSPENDED. */
    public static void raise(Connection c, String newId, String licenseId, String kind, String reason, String action,
            Instant now) throws SQLException {
        String bounded = reason.length() > 512 ? reason.substring(0, 509) + "..." : reason;
        try (PreparedStatement update = c.prepareStatement("UPDATE lic_flags SET reason = ?, occurrences = occurrences + 1,"
                + " last_at = ?, action = CASE WHEN action = 'SUSPENDED' THEN action ELSE ? END"
                + " WHERE license_id = ? AND kind = ?")) {
            update.setString(1, bounded);
            Sql.set(update, 2, now);
            update.setString(3, action);
            update.setString(4, licenseId);
            update.setString(5, kind);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lic_flags (id, license_id, kind, reason,"
                + " occurrences, first_at, last_at, action) VALUES (?, ?, ?, ?, 1, ?, ?, ?)")) {
            insert.setString(1, newId);
            insert.setString(2, licenseId);
            insert.setString(3, kind);
            insert.setString(4, bounded);
            Sql.set(insert, 5, now);
            Sql.set(insert, 6, now);
            insert.setString(7, action);
            insert.executeUpdate();
        }
    }

    /** Flags of one license, or of all ({@code licenseId} null), most recent first. */
    public static List<FlagRow> list(Connection c, String licenseId, int limit) throws SQLException {
        String where = licenseId == null ? "" : " WHERE license_id = ?";
        try (PreparedStatement select = c.prepareStatement("SELECT id, license_id, kind, reason, occurrences, first_at,"
                + " last_at, action FROM lic_flags" + where + " ORDER BY last_at DESC, id LIMIT ?")) {
            int i = 1;
            if (licenseId != null) {
                select.setString(i++, licenseId);
            }
            select.setInt(i, limit);
            List<FlagRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new FlagRow(rs.getString("id"), rs.getString("license_id"), rs.getString("kind"),
                            rs.getString("reason"), rs.getLong("occurrences"), Sql.get(rs, "first_at"),
                            Sql.get(rs, "last_at"), rs.getString("action")));
                }
            }
            return rows;
        }
    }
}
