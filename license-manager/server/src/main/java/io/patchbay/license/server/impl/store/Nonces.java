package io.patchbay.license.server.impl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;

/**
 * Nonces of signed instance requests. The primary key is the check: an INSERT that hits it is a replay, also
 * under concurrency. Run first in the request's transaction, so a replay writes nothing.
 */
public final class Nonces {
    private Nonces() {
    }

    /** @return false for a replay (the transaction is still usable: the failed insert is rolled back to a savepoint) */
    public static boolean consume(Connection c, String instanceKey, String nonce, Instant expiresAt) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO lic_nonces (instance_key, nonce, expires_at) VALUES (?, ?, ?)")) {
            insert.setString(1, instanceKey);
            insert.setString(2, nonce);
            Sql.set(insert, 3, expiresAt);
            insert.executeUpdate();
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                c.rollback(before);
                return false;
            }
            throw e;
        }
    }

    public static int purge(Connection c, Instant now) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM lic_nonces WHERE expires_at <= ?")) {
            Sql.set(delete, 1, now);
            return delete.executeUpdate();
        }
    }
}
