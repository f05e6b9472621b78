package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Dashboard sign-ins: a session stands for one admin token, is found by the SHA-256 of its cookie value (the value
 * itself is never stored), ends at a fixed lifetime or after an idle time, whichever comes first, and dies with its
 * token. Each token keeps at most {@link Settings#maxPerToken()} sessions: a new sign-in evicts the oldest, so a
 * flood of sign-ins cannot grow the table.
 */
public final class DashboardSessions {
    static final String PREFIX = "pbses_";
    /** last_used_at is written at most this often: a page polling every 2 s must not mean a write every 2 s. */
    static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);

    /** Lifetime from sign-in, idle time, and how many sessions one token may hold at once. */
    public record Settings(Duration lifetime, Duration idle, int maxPerToken) {
        public static final Settings DEFAULT = new Settings(Duration.ofHours(8), Duration.ofMinutes(30), 5);

        public Settings {
            if (lifetime.isNegative() || lifetime.isZero() || idle.isNegative() || idle.isZero() || maxPerToken < 1) {
                throw new IllegalArgumentException("session lifetime and idle time must be positive, maxPerToken >= 1");
            }
        }
    }

    /** A session found by its cookie: who, the CSRF token the page must echo, and when it ends at the latest. */
    public record Session(AdminPrincipal principal, String csrfToken, Instant expiresAt) {
    }

    /** A new session: the cookie value (shown once, here) and the session. */
    public record Opened(String cookieValue, Session session) {
    }

    private final Database database;
    private final Clock clock;
    private final Settings settings;

    public DashboardSessions(Database database, Clock clock, Settings settings) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
    }

    public Settings settings() {
        return settings;
    }

    /** A fresh session for {@code principal} (a fresh id at every sign-in: nothing a caller sends is reused). */
    public Opened open(AdminPrincipal principal) throws StoreException {
        String cookie = Secrets.newToken(PREFIX);
        String csrf = Secrets.newToken("");
        Instant now = Timestamps.truncate(clock.instant());
        Instant expires = now.plus(settings.lifetime());
        database.inTransaction(c -> {
            purgeExpired(c, now);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO dashboard_sessions"
                    + " (id_hash, csrf_token, token_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, Secrets.sha256Hex(cookie));
                insert.setString(2, csrf);
                insert.setString(3, principal.tokenId());
                Timestamps.set(insert, 4, now);
                Timestamps.set(insert, 5, now);
                Timestamps.set(insert, 6, expires);
                insert.executeUpdate();
            }
            evictBeyondLimit(c, principal.tokenId(), Secrets.sha256Hex(cookie));
            return null;
        });
        return new Opened(cookie, new Session(principal, csrf, expires));
    }

    /** The live session behind {@code cookieValue}; empty when unknown, expired, idle too long or its token revoked. */
    public Optional<Session> find(String cookieValue) throws StoreException {
        if (cookieValue == null || !cookieValue.startsWith(PREFIX) || cookieValue.length() > 64) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(cookieValue);
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            Session session;
            Instant lastUsed;
            try (PreparedStatement select = c.prepareStatement("SELECT s.csrf_token, s.expires_at, s.last_used_at,"
                    + " t.id, t.role, t.label, t.created_at FROM dashboard_sessions s"
                    + " JOIN admin_tokens t ON t.id = s.token_id WHERE s.id_hash = ? AND t.revoked_at IS NULL")) {
                select.setString(1, hash);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Session>empty();
                    }
                    lastUsed = Timestamps.get(rs, "last_used_at");
                    session = new Session(new AdminPrincipal(rs.getString("id"), AdminRole.valueOf(rs.getString("role")),
                            rs.getString("label"), Timestamps.get(rs, "created_at")), rs.getString("csrf_token"),
                            Timestamps.get(rs, "expires_at"));
                }
            }
            if (!now.isBefore(session.expiresAt()) || !now.isBefore(lastUsed.plus(settings.idle()))) {
                delete(c, hash);
                return Optional.<Session>empty();
            }
            if (!now.isBefore(lastUsed.plus(TOUCH_GRANULARITY))) {
                try (PreparedStatement touch = c.prepareStatement(
                        "UPDATE dashboard_sessions SET last_used_at = ? WHERE id_hash = ?")) {
                    Timestamps.set(touch, 1, now);
                    touch.setString(2, hash);
                    touch.executeUpdate();
                }
            }
            return Optional.of(session);
        });
    }

    /** Ends the session behind {@code cookieValue}; false when there was none. */
    public boolean close(String cookieValue) throws StoreException {
        if (cookieValue == null || cookieValue.length() > 64) {
            return false;
        }
        String hash = Secrets.sha256Hex(cookieValue);
        return database.inTransaction(c -> delete(c, hash));
    }

    /** How many sessions the table holds (expired ones included until the next sign-in purges them). */
    public int count() throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM dashboard_sessions");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static boolean delete(Connection c, String hash) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM dashboard_sessions WHERE id_hash = ?")) {
            delete.setString(1, hash);
            return delete.executeUpdate() == 1;
        }
    }

    private static void purgeExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement purge = c.prepareStatement("DELETE FROM dashboard_sessions WHERE expires_at <= ?")) {
            Timestamps.set(purge, 1, now);
            purge.executeUpdate();
        }
    }

    /** Keeps the new session and the newest others up to the limit (ties in time cannot evict the new one). */
    private void evictBeyondLimit(Connection c, String tokenId, String keep) throws SQLException {
        List<String> newestFirst = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id_hash FROM dashboard_sessions"
                + " WHERE token_id = ? AND id_hash <> ? ORDER BY created_at DESC, id_hash")) {
            select.setString(1, tokenId);
            select.setString(2, keep);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    newestFirst.add(rs.getString(1));
                }
            }
        }
        for (String hash : newestFirst.subList(Math.min(settings.maxPerToken() - 1, newestFirst.size()), newestFirst.size())) {
            delete(c, hash);
        }
    }
}
