package io.patchbay.server.impl.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.StoreException;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;

/**
 * How many live clients have not yet picked up a staged root. An agent refreshes its TUF metadata before every
 * check-in and reports the version of the root it then trusts (the {@code rootVersion} fact): a client that reported
 * a lower version than the staged root is not ready. A client that reports no version (an older agent) counts as
 * ready once it checked in after the staged root was published, the best this server can know of it.
 */
public final class RotationReadiness {
    /** The check-in fact the agent fills with its trusted root's version. */
    public static final String ROOT_VERSION_FACT = "rootVersion";

    private final Database database;

    public RotationReadiness(Database database) {
        this.database = Objects.requireNonNull(database);
    }

    /**
     * Enrolled, unrevoked clients last seen at or after {@code liveSince} (not dead) that are not ready: their last
     * check-in reported a root older than {@code stagedRootVersion}, or reported none and came before {@code since}.
     */
    public long notReady(Instant since, Instant liveSince, long stagedRootVersion) throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT s.last_seen, s.facts_json FROM clients c"
                    + " JOIN client_state s ON s.client_id = c.id WHERE c.revoked_at IS NULL AND s.last_seen >= ?")) {
                Timestamps.set(select, 1, liveSince);
                long pending = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Long reported = reportedRootVersion(rs.getString("facts_json"));
                        boolean ready = reported != null ? reported >= stagedRootVersion
                                : !Timestamps.get(rs, "last_seen").isBefore(since);
                        pending += ready ? 0 : 1;
                    }
                }
                return pending;
            }
        });
    }

    /** The reported root version, or null when the facts carry none (or not as a whole number). */
    static Long reportedRootVersion(String factsJson) {
        if (factsJson == null) {
            return null;
        }
        try {
            JsonNode version = Inputs.JSON.readTree(factsJson).get(ROOT_VERSION_FACT);
            return version != null && version.canConvertToLong() && version.isIntegralNumber() ? version.asLong() : null;
        } catch (IOException e) {
            return null; // stored facts were checked at check-in; unreadable ones say nothing about the root
        }
    }
}
