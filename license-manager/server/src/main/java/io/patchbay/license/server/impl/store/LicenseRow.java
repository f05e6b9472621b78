package io.patchbay.license.server.impl.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A license as stored, with its policy.
 *
 * @param featuresJson  the grants as issued (a JSON list of {name, expiresAt, limits})
 * @param maxSeats      concurrent floating seats, or null: not floating
 * @param checkIn       how often an instance renews, or null: no lease (perpetual)
 * @param misuseAction  {@code FLAG} or {@code SUSPEND}: what a misuse flag does to the license
 */
public record LicenseRow(String id, String customer, String featuresJson, Instant notBefore, Instant expiresAt,
                         int maxMachines, Integer maxSeats, Duration seatTimeout, Duration checkIn,
                         Duration offlineGrace, int maxTransfers, int transfersUsed, int maxActivationsPerDay,
                         String misuseAction, String status, String statusReason, Instant statusChangedAt,
                         Instant createdAt) {

    public static final String ACTIVE = "ACTIVE";
    public static final String SUSPENDED = "SUSPENDED";
    public static final String REVOKED = "REVOKED";

    public boolean floating() {
        return maxSeats != null;
    }

    public boolean suspendOnMisuse() {
        return "SUSPEND".equals(misuseAction);
    }
}
