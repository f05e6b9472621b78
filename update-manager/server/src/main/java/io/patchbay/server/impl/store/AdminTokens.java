package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.IssuedToken;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Admin bearer tokens, stored as SHA-256 hashes with a role; revocable, never readable back. */
public final class AdminTokens {
    static final String PREFIX = "pbadm_";

    private final Database database;
    private final Clock clock;

    public AdminTokens(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Creates a token; its plain value is in the result only. Admin tokens do not expire: revoke them. */
    public IssuedToken create(AdminRole role, String label) throws StoreException {
        Objects.requireNonNull(role, "role");
        String checkedLabel = Inputs.label(label);
        String id = Secrets.newId();
        String token = Secrets.newToken(PREFIX);
        Instant now = Timestamps.truncate(clock.instant());
        database.inTransaction(c -> {
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

    /** Revokes a token by id; false when there is no such unrevoked token. */
    public boolean revoke(String tokenId) throws StoreException {
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                Timestamps.set(update, 1, now);
                update.setString(2, tokenId);
                return update.executeUpdate() == 1;
            }
        });
    }
}
