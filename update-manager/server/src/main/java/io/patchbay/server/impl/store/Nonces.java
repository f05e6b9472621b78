package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.SqlStates;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.ReplayedRequestException;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.UnknownClientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Request nonces for replay protection. The primary key (client id, nonce) is the check: a plain INSERT
 * that fails with a unique violation (SQLSTATE 23505 on both databases) is a replay. That holds under
 * concurrency too, where a select-then-insert would let two copies of one request through.
 *
 * <p>A nonce is kept until its {@code expiresAt}; the API must refuse requests whose timestamp is older than
 * that window, so a purged nonce can never be replayed.
 */
public final class Nonces {
    /** Nonces are kept at most this long, which bounds the table to one window of traffic. */
    public static final Duration MAX_TTL = Duration.ofHours(1);

    private final Database database;
    private final Clock clock;

    public Nonces(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Records a request's nonce in its own transaction.
     *
     * @return true when the nonce is new; false for a replay, or when {@code expiresAt} has already passed
     */
    public boolean record(String clientId, String nonce, Instant expiresAt) throws StoreException {
        String checked = Inputs.nonce(nonce);
        Instant now = Timestamps.truncate(clock.instant());
        if (!expiresAt.isAfter(now)) {
            return false;
        }
        Duration ttl = Duration.between(now, expiresAt);
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new LimitExceededException("nonce lifetime", MAX_TTL.toSeconds(), ttl.toSeconds(), "seconds");
        }
        return database.inTransaction(c -> insert(c, clientId, checked, expiresAt));
    }

    /**
     * Records a nonce inside the caller's transaction. On false the caller must refuse the request and roll
     * back: on PostgreSQL the failed INSERT has aborted the transaction.
     */
    static boolean insert(Connection c, String clientId, String nonce, Instant expiresAt)
            throws SQLException, UnknownClientException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO request_nonces (client_id, nonce, expires_at) VALUES (?, ?, ?)")) {
            insert.setString(1, clientId);
            insert.setString(2, nonce);
            Timestamps.set(insert, 3, expiresAt);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                return false;
            }
            if ("23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState())) {
                // Foreign key violation (PostgreSQL 23503, H2 23506): no such client.
                throw new UnknownClientException(clientId);
            }
            throw e;
        }
    }

    /**
     * Records a verified request's nonce inside the caller's write transaction, with the same checks as
     * {@link #record}.
     *
     * @throws ReplayedRequestException a replay (or a nonce whose window has already passed): the caller's
     *         transaction must roll back, which {@link Database#inTransaction} does as the exception leaves it
     */
    static void consume(Connection c, RequestNonce requestNonce, Instant now) throws SQLException, StoreException {
        String checked = Inputs.nonce(requestNonce.nonce());
        Instant expiresAt = requestNonce.expiresAt();
        if (!expiresAt.isAfter(now)) {
            throw new ReplayedRequestException(requestNonce.clientId());
        }
        Duration ttl = Duration.between(now, expiresAt);
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new LimitExceededException("nonce lifetime", MAX_TTL.toSeconds(), ttl.toSeconds(), "seconds");
        }
        if (!insert(c, requestNonce.clientId(), checked, expiresAt)) {
            throw new ReplayedRequestException(requestNonce.clientId());
        }
    }

    /** Deletes nonces whose window has passed; returns how many. Run it periodically. */
    public int purgeExpired() throws StoreException {
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM request_nonces WHERE expires_at <= ?")) {
                Timestamps.set(delete, 1, now);
                return delete.executeUpdate();
            }
        });
    }
}
