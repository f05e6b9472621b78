package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.SqlStates;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.ClientRevokedException;
import io.patchbay.server.store.KeyInUseException;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.UnknownClientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Enrolled clients: enrollment by one-time token, lookup, key rotation with an overlap, revocation. */
public final class Clients {
    /** The longest overlap in which a rotated-out signing key is still accepted. */
    public static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(1);

    private static final String COLUMNS = "id, signing_key, sealing_key, channel, enrolled_at, revoked_at,"
            + " previous_signing_key, previous_key_valid_until";

    private final Database database;
    private final Clock clock;

    public Clients(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Enrolls a client: consumes the token and registers the keys in one transaction, so a refused
     * enrollment (a key already in use, say) leaves the token unused.
     */
    public ClientRecord enroll(String token, byte[] signingKey, byte[] sealingKey) throws StoreException {
        String checkedToken = Inputs.token(token);
        byte[] signing = Inputs.publicKey("signing key", signingKey);
        byte[] sealing = Inputs.publicKey("sealing key", sealingKey);
        Instant now = Timestamps.truncate(clock.instant());
        String id = Secrets.newId();
        return database.inTransaction(c -> {
            String channel = EnrollmentTokens.consume(c, checkedToken, id, now);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO clients"
                    + " (id, signing_key, sealing_key, channel, enrolled_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, Secrets.hex(signing));
                insert.setString(3, Secrets.hex(sealing));
                insert.setString(4, channel);
                Timestamps.set(insert, 5, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw new KeyInUseException();
                }
                throw e;
            }
            CheckIns.createEmptyState(c, id);
            return new ClientRecord(id, signing, sealing, channel, now, null, null, null);
        });
    }

    public Optional<ClientRecord> find(String clientId) throws StoreException {
        if (clientId == null || clientId.length() > 36) {
            return Optional.empty();
        }
        return database.inTransaction(c -> find(c, clientId, false));
    }

    /**
     * Registers new keys (the request was signed with the current key, which the API checked). The current
     * signing key stays accepted for {@code overlap}, so requests in flight still verify.
     */
    public ClientRecord rotateKeys(String clientId, byte[] newSigningKey, byte[] newSealingKey, Duration overlap)
            throws StoreException {
        return rotateKeys(clientId, newSigningKey, newSealingKey, overlap, null);
    }

    /**
     * As {@link #rotateKeys(String, byte[], byte[], Duration)}, recording the signed request's nonce in the
     * same transaction ({@code null}: none); a replay throws {@code ReplayedRequestException} and changes nothing.
     */
    public ClientRecord rotateKeys(String clientId, byte[] newSigningKey, byte[] newSealingKey, Duration overlap,
            RequestNonce nonce) throws StoreException {
        byte[] signing = Inputs.publicKey("signing key", newSigningKey);
        byte[] sealing = Inputs.publicKey("sealing key", newSealingKey);
        if (overlap.isNegative() || overlap.compareTo(MAX_ROTATION_OVERLAP) > 0) {
            throw new IllegalArgumentException("overlap must be 0.." + MAX_ROTATION_OVERLAP);
        }
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            if (nonce != null) {
                Nonces.consume(c, nonce, now);
            }
            ClientRecord current = find(c, clientId, true).orElseThrow(() -> new UnknownClientException(clientId));
            if (current.revoked()) {
                throw new ClientRevokedException(clientId);
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE clients SET signing_key = ?, sealing_key = ?,"
                    + " previous_signing_key = ?, previous_key_valid_until = ? WHERE id = ?")) {
                update.setString(1, Secrets.hex(signing));
                update.setString(2, Secrets.hex(sealing));
                update.setString(3, Secrets.hex(current.signingKey()));
                Timestamps.set(update, 4, now.plus(overlap));
                update.setString(5, clientId);
                update.executeUpdate();
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw new KeyInUseException();
                }
                throw e;
            }
            return find(c, clientId, false).orElseThrow();
        });
    }

    /**
     * Revokes the client's keys at once, the overlap key included. Returns false when it was already
     * revoked (the first revocation time is kept).
     */
    public boolean revoke(String clientId) throws StoreException {
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE clients SET revoked_at = ?,"
                    + " previous_signing_key = NULL, previous_key_valid_until = NULL"
                    + " WHERE id = ? AND revoked_at IS NULL")) {
                Timestamps.set(update, 1, now);
                update.setString(2, clientId);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            if (find(c, clientId, false).isEmpty()) {
                throw new UnknownClientException(clientId);
            }
            return false;
        });
    }

    static Optional<ClientRecord> find(Connection c, String clientId, boolean forUpdate) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM clients WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, clientId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ClientRecord(rs.getString("id"), Secrets.unhex(rs.getString("signing_key")),
                        Secrets.unhex(rs.getString("sealing_key")), rs.getString("channel"),
                        Timestamps.get(rs, "enrolled_at"), Timestamps.get(rs, "revoked_at"),
                        Secrets.unhex(rs.getString("previous_signing_key")),
                        Timestamps.get(rs, "previous_key_valid_until")));
            }
        }
    }
}
