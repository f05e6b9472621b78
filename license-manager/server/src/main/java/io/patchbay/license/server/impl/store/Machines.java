package io.patchbay.license.server.impl.store;

import io.patchbay.license.server.impl.service.Fingerprints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * The machines a license was seen on, whether it was granted there or refused: a fingerprint that matches a known
 * machine tolerantly ({@link Fingerprints#sameMachine}) is that machine, anything else is one more.
 */
public final class Machines {
    /** Machines remembered per license; beyond it the count stays at the cap (still over any sane limit). */
    static final int MAX_PER_LICENSE = 1000;

    private Machines() {
    }

    /** Records a sighting; returns how many distinct machines the license has been seen on. */
    public static int see(Connection c, String licenseId, Map<String, String> fingerprint, String instanceKey,
            String newId, Instant now) throws SQLException {
        int count = 0;
        String match = null;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, fingerprint_json FROM lic_machines WHERE license_id = ? ORDER BY first_seen_at, id")) {
            select.setString(1, licenseId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    count++;
                    if (match == null && Fingerprints.sameMachine(Sql.jsonMap(rs.getString(2)), fingerprint)) {
                        match = rs.getString(1);
                    }
                }
            }
        }
        if (match != null) {
            try (PreparedStatement update = c.prepareStatement("UPDATE lic_machines SET last_seen_at = ? WHERE id = ?")) {
                Sql.set(update, 1, now);
                update.setString(2, match);
                update.executeUpdate();
            }
            return count;
        }
        if (count >= MAX_PER_LICENSE) {
            return count;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lic_machines (id, license_id, fingerprint_json,"
                + " instance_key, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, newId);
            insert.setString(2, licenseId);
            insert.setString(3, Sql.mapJson(fingerprint));
            insert.setString(4, instanceKey);
            Sql.set(insert, 5, now);
            Sql.set(insert, 6, now);
            insert.executeUpdate();
        }
        return count + 1;
    }
}
