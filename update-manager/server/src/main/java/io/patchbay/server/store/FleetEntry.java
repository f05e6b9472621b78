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
 */
public record FleetEntry(String clientId, String channel, long patchSequence, Instant lastSeen, boolean dead,
                         boolean revoked) {
}
