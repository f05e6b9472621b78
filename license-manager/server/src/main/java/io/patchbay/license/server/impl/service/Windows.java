package io.patchbay.license.server.impl.service;

import java.time.Duration;

/**
 * The time bounds the server applies to instance requests.
 *
 * @param onlineWindow   an online activation signed further than this from server time is refused as stale
 * @param offlineWindow  the same for an offline request file (it travels by hand)
 * @param clockTolerance a renewal signed more than this behind server time (or behind the instance's previous
 *                       request) reports a clock set back
 */
public record Windows(Duration onlineWindow, Duration offlineWindow, Duration clockTolerance) {
    public static final Windows DEFAULT = new Windows(Duration.ofHours(24), Duration.ofDays(30), Duration.ofMinutes(15));
}
