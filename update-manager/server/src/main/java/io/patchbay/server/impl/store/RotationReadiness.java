package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;

/**
 * How many live clients have not checked in since a moment. Check-ins carry no root version, so this is the
 * certificate renewal's stand-in for "has the fleet picked up the new root": an agent refreshes its TUF
 * metadata on every check, so a client seen after the staged root was published has had the chance to fetch it.
 */
public final class RotationReadiness {
    private final Database database;

    public RotationReadiness(Database database) {
        this.database = Objects.requireNonNull(database);
    }

    /** Enrolled, unrevoked clients last seen at or after {@code liveSince} (not dead) but before {@code since}. */
    public long notSeenSince(Instant since, Instant liveSince) throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM clients c JOIN client_state s"
                    + " ON s.client_id = c.id WHERE c.revoked_at IS NULL AND s.last_seen >= ? AND s.last_seen < ?")) {
                Timestamps.set(select, 1, liveSince);
                Timestamps.set(select, 2, since);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
