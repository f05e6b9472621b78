package io.patchbay.server.store;

import java.time.Instant;

/** One row of the fleet view. {@code dead} was computed by the database against the caller's clock. */
public record FleetEntry(String clientId, String channel, long patchSequence, Instant lastSeen, boolean dead,
                         boolean revoked) {
}
