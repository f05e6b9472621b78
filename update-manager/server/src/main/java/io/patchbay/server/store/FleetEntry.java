package io.patchbay.server.store;

import java.time.Instant;

/**
 * One row of the fleet view.
 *
 * @param clientId      the client
 * @param channel       its channel
 * @param patchSequence the level it last reported
 * @param lastSeen      its last check-in, or null if it never checked in
 * @param dead          computed by the database against the caller's clock (see {@link FleetQuery})
 * @param revoked       whether an operator revoked it
 * @param health        what its host's health checks said at its last check-in ({@code UP} or {@code DOWN}), or
 *                      null when it reported none
 * @param healthFailing the names of the failing checks as the host reported them (at most 512 characters), or null
 * @param healthAt      when the host last ran its checks, or null
 */
public record FleetEntry(String clientId, String channel, long patchSequence, Instant lastSeen, boolean dead,
                         boolean revoked, String health, String healthFailing, Instant healthAt) {

    /**
     * A row without health facts.
     *
     * @param clientId      the client
     * @param channel       its channel
     * @param patchSequence the level it last reported
     * @param lastSeen      its last check-in, or null
     * @param dead          whether it is dead
     * @param revoked       whether it was revoked
     */
    public FleetEntry(String clientId, String channel, long patchSequence, Instant lastSeen, boolean dead,
                      boolean revoked) {
        this(clientId, channel, patchSequence, lastSeen, dead, revoked, null, null, null);
    }
}
