package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.AdminTokenInfo;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.IssuedToken;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Admin bearer tokens, stored as SHA-256 hashes with a role; revocable, never readable back. */
public final class AdminTokens {
    static final String PREFIX = "pbadm_";
    /** Valid tokens at most: each is a standing credential, so a runaway script cannot mint them without end. */
    public static final int MAX_ACTIVE = 200;

    private final Database database;
    private final Clock clock;

    public AdminTokens(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The dashboard sessions that stand for these tokens (same database and clock, default lifetimes). */
    public DashboardSessions sessions() {
        return new DashboardSessions(database, clock, DashboardSessions.Settings.DEFAULT);
    }

    /** Creates a token; its plain value is in the result only. Admin tokens do not expire: revoke them. */
    public IssuedToken create(AdminRole role, String label) throws StoreException {
        Objects.requireNonNull(role, "role");
        String checkedLabel = Inputs.label(label);
        String id = Secrets.newId();
        String token = Secrets.newToken(PREFIX);
        Instant now = Timestamps.truncate(clock.instant());
        database.inTransaction(c -> {
            if (countActive(c, null) >= MAX_ACTIVE) {
                throw new ConflictException("too_many_tokens", MAX_ACTIVE + " admin tokens are valid already; "
                        + "revoke unused ones first");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO admin_tokens"
                    + " (id, token_hash, role, label, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, Secrets.sha256Hex(token));
                insert.setString(3, role.name());
                insert.setString(4, checkedLabel);
                Timestamps.set(insert, 5, now);
                insert.executeUpdate();
            }
            return null;
        });
        return new IssuedToken(id, token, null);
    }

    /**
     * The principal a presented bearer token stands for; empty for unknown, revoked or malformed tokens
     * (one answer for all, so the API can say 401 without telling which).
     */
    public Optional<AdminPrincipal> verify(String presented) throws StoreException {
        if (presented == null || presented.isEmpty() || presented.length() > StoreLimits.MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(presented);
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, role, label, created_at FROM admin_tokens"
                    + " WHERE token_hash = ? AND revoked_at IS NULL")) {
                select.setString(1, hash);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new AdminPrincipal(rs.getString("id"), AdminRole.valueOf(rs.getString("role")),
                            rs.getString("label"), Timestamps.get(rs, "created_at")));
                }
            }
        });
    }

    /** Every token, valid and revoked, oldest first (bounded by {@link #MAX_ACTIVE} valid ones plus history). */
    public List<AdminTokenInfo> list(int limit) throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, role, label, created_at, revoked_at"
                    + " FROM admin_tokens ORDER BY created_at, id")) {
                select.setMaxRows(limit);
                List<AdminTokenInfo> tokens = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(new AdminTokenInfo(rs.getString("id"), AdminRole.valueOf(rs.getString("role")),
                                rs.getString("label"), Timestamps.get(rs, "created_at"),
                                Timestamps.get(rs, "revoked_at")));
                    }
                }
                return tokens;
            }
        });
    }

    /**
     * Revokes a token by id, unless it is the last valid OPERATOR token: revoking that one would lock every operator
     * out of the server for good (only init issues a first token). False when there is no such valid token.
     *
     * @throws ConflictException {@code last_operator_token}
     */
    public boolean revokeKeepingAnOperator(String tokenId) throws StoreException {
        return database.inTransaction(c -> {
            AdminRole role = null;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT role FROM admin_tokens WHERE id = ? AND revoked_at IS NULL")) {
                select.setString(1, tokenId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        role = AdminRole.valueOf(rs.getString(1));
                    }
                }
            }
            if (role == null) {
                return false;
            }
            if (role == AdminRole.OPERATOR && lockValidOperators(c) <= 1) {
                throw new ConflictException("last_operator_token", "this is the last valid OPERATOR token; "
                        + "create another one before revoking it");
            }
            return revoke(c, tokenId);
        });
    }

    private static int countActive(Connection c, AdminRole role) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM admin_tokens WHERE revoked_at IS NULL"
                + (role == null ? "" : " AND role = ?"))) {
            if (role != null) {
                count.setString(1, role.name());
            }
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Counts the valid OPERATOR tokens, locking their rows until the transaction ends: two operators revoking the
     * last two tokens at once must not both see "one other is left".
     */
    private static int lockValidOperators(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM admin_tokens"
                + " WHERE revoked_at IS NULL AND role = 'OPERATOR' FOR UPDATE")) {
            int n = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    private boolean revoke(Connection c, String tokenId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            Timestamps.set(update, 1, Timestamps.truncate(clock.instant()));
            update.setString(2, tokenId);
            return update.executeUpdate() == 1;
        }
    }

    /** Revokes a token by id; false when there is no such unrevoked token. */
    public boolean revoke(String tokenId) throws StoreException {
        return database.inTransaction(c -> revoke(c, tokenId));
    }
}
