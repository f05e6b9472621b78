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
 * Floating seats, inside the caller's transaction under the license's row lock. A seat whose heartbeat is older than
 * the license's seat timeout is dead: {@link #cull} ends it (CULLED), and its place is free again.
 */
public final class Seats {
    public static final String RELEASED = "RELEASED";
    public static final String CULLED = "CULLED";
    public static final String DEACTIVATED = "DEACTIVATED";

    /** A seat as the admin view shows it. */
    public record SeatRow(String id, String activationId, Instant acquiredAt, Instant heartbeatAt, Instant endedAt,
                          String endReason) {
    }

    private Seats() {
    }

    /** Ends the license's dead seats; returns how many. */
    public static int cull(Connection c, String licenseId, Instant now, Duration timeout) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE lic_seats SET ended_at = ?, end_reason = ?"
                + " WHERE license_id = ? AND ended_at IS NULL AND heartbeat_at <= ?")) {
            Sql.set(update, 1, now);
            update.setString(2, CULLED);
            update.setString(3, licenseId);
            Sql.set(update, 4, now.minus(timeout));
            return update.executeUpdate();
        }
    }

    public static int countLive(Connection c, String licenseId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT COUNT(*) FROM lic_seats WHERE license_id = ? AND ended_at IS NULL")) {
            select.setString(1, licenseId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The activation's live seat (call {@link #cull} first), if it holds one. */
    public static Optional<String> liveSeat(Connection c, String activationId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id FROM lic_seats WHERE activation_id = ? AND ended_at IS NULL")) {
            select.setString(1, activationId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static void acquire(Connection c, String seatId, String licenseId, String activationId, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lic_seats (id, license_id, activation_id,"
                + " acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, seatId);
            insert.setString(2, licenseId);
            insert.setString(3, activationId);
            Sql.set(insert, 4, now);
            Sql.set(insert, 5, now);
            insert.executeUpdate();
        }
    }

    public static void heartbeat(Connection c, String seatId, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE lic_seats SET heartbeat_at = ? WHERE id = ?")) {
            Sql.set(update, 1, now);
            update.setString(2, seatId);
            update.executeUpdate();
        }
    }

    /** Ends the activation's live seat; returns whether it held one. */
    public static boolean end(Connection c, String activationId, Instant now, String reason) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE lic_seats SET ended_at = ?, end_reason = ?"
                + " WHERE activation_id = ? AND ended_at IS NULL")) {
            Sql.set(update, 1, now);
            update.setString(2, reason);
            update.setString(3, activationId);
            return update.executeUpdate() > 0;
        }
    }

    /** The license's seats, live first then newest (bounded). */
    public static List<SeatRow> list(Connection c, String licenseId, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, activation_id, acquired_at, heartbeat_at,"
                + " ended_at, end_reason FROM lic_seats WHERE license_id = ?"
                + " ORDER BY CASE WHEN ended_at IS NULL THEN 0 ELSE 1 END, acquired_at DESC, id LIMIT ?")) {
            select.setString(1, licenseId);
            select.setInt(2, limit);
            List<SeatRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SeatRow(rs.getString("id"), rs.getString("activation_id"), Sql.get(rs, "acquired_at"),
                            Sql.get(rs, "heartbeat_at"), Sql.get(rs, "ended_at"), rs.getString("end_reason")));
                }
            }
            return rows;
        }
    }
}
