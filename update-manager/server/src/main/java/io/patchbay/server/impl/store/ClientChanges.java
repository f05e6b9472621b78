package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Clients revoked or re-keyed since a time: how a node keeps the streams it holds in step with the clients table
 * (another node may have handled the revocation or the key rotation). One small indexed read per sweep, not one per
 * client. A rotation sets {@code previous_key_valid_until} to its time plus the overlap, so a rotation at or after
 * {@code since} has that column at or after {@code since}.
 */
public final class ClientChanges {
    /** The most changes one sweep reads; more (a mass revocation) are read by the following sweeps. */
    public static final int MAX_CHANGES = 10_000;

    /** A client as it is now: revoked, or holding this sealing key. */
    public record Change(String clientId, byte[] sealingKey, boolean revoked) {
    }

    private final Database database;

    public ClientChanges(Database database) {
        this.database = Objects.requireNonNull(database);
    }

    public List<Change> since(Instant since) throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, sealing_key, revoked_at FROM clients"
                    + " WHERE revoked_at >= ? OR previous_key_valid_until >= ? ORDER BY id FETCH FIRST " + MAX_CHANGES
                    + " ROWS ONLY")) {
                Timestamps.set(select, 1, since);
                Timestamps.set(select, 2, since);
                List<Change> changes = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new Change(rs.getString("id"), Secrets.unhex(rs.getString("sealing_key")),
                                Timestamps.get(rs, "revoked_at") != null));
                    }
                }
                return changes;
            }
        });
    }
}
