package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.IssuedToken;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.TokenRejectedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One-time enrollment tokens. Only the SHA-256 hash is stored. Consumption is one conditional UPDATE
 * ({@code used_at IS NULL AND expires_at > now}): the database's row lock makes it atomic, so of two
 * concurrent enrollments with one token exactly one succeeds, on H2 and on PostgreSQL alike.
 */
public final class EnrollmentTokens {
    static final String PREFIX = "pbenr_";
    /** An enrollment token lives at most this long; hand out a new one rather than a long-lived secret. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private final Database database;
    private final Clock clock;

    public EnrollmentTokens(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Issues a token that enrolls one client on {@code channel} within {@code ttl}. */
    public IssuedToken issue(String channel, Duration ttl) throws StoreException {
        String checkedChannel = Inputs.channel(channel);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("token lifetime must be positive and at most " + MAX_TTL);
        }
        Instant now = Timestamps.truncate(clock.instant());
        Instant expiresAt = now.plus(ttl);
        String id = Secrets.newId();
        String token = Secrets.newToken(PREFIX);
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO enrollment_tokens"
                    + " (id, token_hash, channel, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, Secrets.sha256Hex(token));
                insert.setString(3, checkedChannel);
                Timestamps.set(insert, 4, now);
                Timestamps.set(insert, 5, expiresAt);
                insert.executeUpdate();
            }
            return null;
        });
        return new IssuedToken(id, token, expiresAt);
    }

    /**
     * Marks the token used by {@code clientId} inside the caller's transaction and returns its channel. If
     * the caller's transaction rolls back, the token stays unused.
     *
     * @throws TokenRejectedException unknown, already used, or expired
     */
    static String consume(Connection c, String token, String clientId, Instant now)
            throws SQLException, TokenRejectedException {
        String hash = Secrets.sha256Hex(token);
        try (PreparedStatement update = c.prepareStatement("UPDATE enrollment_tokens SET used_at = ?, used_by = ?"
                + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")) {
            Timestamps.set(update, 1, now);
            update.setString(2, clientId);
            update.setString(3, hash);
            Timestamps.set(update, 4, now);
            if (update.executeUpdate() == 1) {
                return channelOf(c, hash);
            }
        }
        throw new TokenRejectedException(whyRejected(c, hash, now));
    }

    private static String channelOf(Connection c, String hash) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT channel FROM enrollment_tokens WHERE token_hash = ?")) {
            select.setString(1, hash);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("enrollment token vanished inside its transaction");
                }
                return rs.getString(1);
            }
        }
    }

    private static TokenRejectedException.Reason whyRejected(Connection c, String hash, Instant now)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT used_at, expires_at FROM enrollment_tokens WHERE token_hash = ?")) {
            select.setString(1, hash);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return TokenRejectedException.Reason.UNKNOWN;
                }
                if (Timestamps.get(rs, "used_at") != null) {
                    return TokenRejectedException.Reason.ALREADY_USED;
                }
                return TokenRejectedException.Reason.EXPIRED;
            }
        }
    }
}
