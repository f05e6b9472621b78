package io.patchbay.server.store;

import java.time.Duration;

/**
 * A page of the fleet view. A client is dead when it has not checked in for {@code deadAfterIntervals} poll
 * intervals (or never has). Pages are keyed by client id ({@code afterClientId}, exclusive), so a listing of
 * 10,000 clients never scans with an offset.
 *
 * @param pollInterval       the clients' poll interval, positive
 * @param deadAfterIntervals after how many silent poll intervals a client is dead, at least 1
 * @param deadOnly           whether to list dead clients only
 * @param channel            null for every channel
 * @param afterClientId      the last client id of the previous page (exclusive), or null for the first page
 * @param limit              the page size, 1 to {@link StoreLimits#MAX_PAGE_SIZE}
 */
public record FleetQuery(Duration pollInterval, int deadAfterIntervals, boolean deadOnly, String channel,
                         String afterClientId, int limit) {
    /**
     * Checks the bounds.
     *
     * @param pollInterval       the clients' poll interval, positive
     * @param deadAfterIntervals at least 1
     * @param deadOnly           whether to list dead clients only
     * @param channel            null for every channel
     * @param afterClientId      the last client id of the previous page, or null for the first page
     * @param limit              1 to {@link StoreLimits#MAX_PAGE_SIZE}
     * @throws IllegalArgumentException when a bound is broken
     */
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

    /**
     * Every client, first page.
     *
     * @param pollInterval       the clients' poll interval
     * @param deadAfterIntervals after how many intervals a client is dead
     * @param limit              the page size
     * @return the query
     */
    public static FleetQuery all(Duration pollInterval, int deadAfterIntervals, int limit) {
        return new FleetQuery(pollInterval, deadAfterIntervals, false, null, null, limit);
    }
}
