package io.patchbay.license.server.impl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Freshness values (Omaha's clone detection): every answer carries a new value the instance must present next time.
 *
 * <p>The rules, in {@link #judge}: the CURRENT value (or nothing, before any value was presented) is fine. The most
 * recently USED value is accepted once more while the CURRENT one has never been presented: that is a client whose
 * last answer was lost, retrying (a clone doing the same is caught one round later, when the original presents the
 * value the retry superseded). Any other value of the activation is stale: two copies of one instance are renewing.
 */
public final class Freshness {
    static final String CURRENT = "CURRENT";
    static final String USED = "USED";
    static final String SUPERSEDED = "SUPERSEDED";
    /** Values kept per activation (the current one and the latest used or superseded ones). */
    public static final int KEPT = 32;

    /** What a presented value means. */
    public enum Verdict {
        /** The expected value (or the first renewal's none). */
        FRESH,
        /** The previous value again, the current never presented: a lost answer, retried. */
        RETRY,
        /** A value this activation presented (or was superseded) before: a clone. */
        STALE,
        /** A value never issued to this activation. */
        UNKNOWN
    }

    private Freshness() {
    }

    public static Verdict judge(Connection c, String activationId, String presented) throws SQLException {
        if (presented == null) {
            return count(c, activationId, USED) == 0 && count(c, activationId, SUPERSEDED) == 0
                    ? Verdict.FRESH : Verdict.STALE;
        }
        Optional<String> state = stateOf(c, activationId, presented);
        if (state.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        return switch (state.get()) {
            case CURRENT -> Verdict.FRESH;
            case USED -> presented.equals(newestUsed(c, activationId)) ? Verdict.RETRY : Verdict.STALE;
            default -> Verdict.STALE;
        };
    }

    /**
     * Moves on after a renewal: the presented value becomes USED (a retry leaves it so), the unpresented CURRENT
     * becomes SUPERSEDED, and {@code next} is the new CURRENT.
     */
    public static void advance(Connection c, String activationId, String presented, Verdict verdict, String next,
            Instant now) throws SQLException {
        if (verdict == Verdict.FRESH && presented != null) {
            setState(c, activationId, presented, USED);
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE lic_freshness SET state = ? WHERE activation_id = ? AND state = ?")) {
            update.setString(1, SUPERSEDED);
            update.setString(2, activationId);
            update.setString(3, CURRENT);
            update.executeUpdate();
        }
        issue(c, activationId, next, now);
        prune(c, activationId);
    }

    /**
     * Keeps the newest {@link #KEPT} values of an activation: a copy presenting a value older than that is refused as
     * unknown instead of flagged, and the table stays bounded however long an instance lives.
     */
    private static void prune(Connection c, String activationId) throws SQLException {
        long oldestKept;
        try (PreparedStatement select = c.prepareStatement("SELECT seq FROM lic_freshness WHERE activation_id = ?"
                + " ORDER BY seq DESC LIMIT 1 OFFSET " + (KEPT - 1))) {
            select.setString(1, activationId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                oldestKept = rs.getLong(1);
            }
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM lic_freshness WHERE activation_id = ? AND seq < ? AND state <> ?")) {
            delete.setString(1, activationId);
            delete.setLong(2, oldestKept);
            delete.setString(3, CURRENT);
            delete.executeUpdate();
        }
    }

    /** The first value of a new activation. */
    public static void issue(Connection c, String activationId, String value, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lic_freshness (freshness, activation_id,"
                + " issued_at, state) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, value);
            insert.setString(2, activationId);
            Sql.set(insert, 3, now);
            insert.setString(4, CURRENT);
            insert.executeUpdate();
        }
    }

    private static void setState(Connection c, String activationId, String value, String state) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE lic_freshness SET state = ? WHERE activation_id = ? AND freshness = ?")) {
            update.setString(1, state);
            update.setString(2, activationId);
            update.setString(3, value);
            update.executeUpdate();
        }
    }

    private static Optional<String> stateOf(Connection c, String activationId, String value) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT state FROM lic_freshness WHERE activation_id = ? AND freshness = ?")) {
            select.setString(1, activationId);
            select.setString(2, value);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static String newestUsed(Connection c, String activationId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT freshness FROM lic_freshness"
                + " WHERE activation_id = ? AND state = ? ORDER BY seq DESC LIMIT 1")) {
            select.setString(1, activationId);
            select.setString(2, USED);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int count(Connection c, String activationId, String state) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT COUNT(*) FROM lic_freshness WHERE activation_id = ? AND state = ?")) {
            select.setString(1, activationId);
            select.setString(2, state);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
