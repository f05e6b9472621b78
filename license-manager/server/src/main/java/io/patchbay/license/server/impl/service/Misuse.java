package io.patchbay.license.server.impl.service;

import io.patchbay.license.server.impl.store.Audit;
import io.patchbay.license.server.impl.store.Flags;
import io.patchbay.license.server.impl.store.LicenseRow;
import io.patchbay.license.server.impl.store.Licenses;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Misuse detection's outcome: a flag with its reason, and the license policy's action: {@code FLAG} records it only,
 * {@code SUSPEND} also suspends the license (effective at the next renewal, and at once for new activations).
 */
public final class Misuse {
    /** The kinds of misuse, each with its own flag row per license. */
    public enum Kind {
        /** One license on more machines (fingerprints) than its policy allows. */
        TOO_MANY_MACHINES,
        /** A freshness value presented again: two copies of one instance. */
        CLONE,
        /** One instance renewing from two different machines within one check-in interval. */
        OVERLAPPING_HEARTBEATS,
        /** The instance's clock set back (behind server time, or behind its own earlier request). */
        CLOCK_TAMPER,
        /** Too many activations, transfers and deactivations in a day. */
        ACTIVATION_CHURN
    }

    private Misuse() {
    }

    /** @return true if this flag suspended the license */
    static boolean raise(Connection c, SecureRandom random, LicenseRow license, Kind kind, String reason, String actor,
            Instant now) throws SQLException {
        boolean suspend = license.suspendOnMisuse() && LicenseRow.ACTIVE.equals(license.status());
        Flags.raise(c, Ids.id(random, "flag_"), license.id(), kind.name(), reason,
                license.suspendOnMisuse() ? "SUSPENDED" : "FLAGGED", now);
        Audit.record(c, now, license.id(), actor, "MISUSE_" + kind.name(), reason);
        if (suspend) {
            Licenses.setStatus(c, license.id(), LicenseRow.SUSPENDED, "misuse: " + kind.name(), now);
            Audit.record(c, now, license.id(), "policy", "SUSPEND", "misuse: " + kind.name());
        }
        return suspend;
    }
}
