package io.patchbay.server.store;

import java.time.Duration;

/**
 * A page of the fleet view. A client is dead when it has not checked in for {@code deadAfterIntervals} poll
 * intervals (or never has). Pages are keyed by client id ({@code afterClientId}, exclusive), so a listing of
 * 10,000 clients never scans with an offset.
 *
 * @param channel null for every channel
 */
public record FleetQuery(Duration pollInterval, int deadAfterIntervals, boolean deadOnly, String channel,
                         String afterClientId, int limit) {
    public FleetQuery {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive");
        }
        if (deadAfterIntervals < 1) {
            throw new IllegalArgumentException("deadAfterIntervals must be at least 1");
        }
        if (limit < 1 || limit > StoreLimits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1.." + StoreLimits.MAX_PAGE_SIZE);
        }
    }

    /** Every client, first page. */
    public static FleetQuery all(Duration pollInterval, int deadAfterIntervals, int limit) {
        return new FleetQuery(pollInterval, deadAfterIntervals, false, null, null, limit);
    }
}
