package io.patchbay.license.api;

import java.time.Duration;

/**
 * How a leased license (a trial, a subscription) checks in.
 *
 * @param checkInInterval how often the instance renews its lease
 * @param offlineGrace    how long after the last successful renewal features keep running while the server is
 *                        unreachable; a paying customer is never cut off by an outage shorter than this
 */
public record LeasePolicy(Duration checkInInterval, Duration offlineGrace) {

    /**
     * Checks both durations.
     *
     * @param checkInInterval how often the instance renews
     * @param offlineGrace    how long features run on without a renewal
     * @throws IllegalArgumentException when a duration is null, not positive or longer than {@link Limits#MAX_DURATION}
     */
    public LeasePolicy {
        Limits.duration(checkInInterval, "check-in interval");
        Limits.duration(offlineGrace, "offline grace");
    }
}
