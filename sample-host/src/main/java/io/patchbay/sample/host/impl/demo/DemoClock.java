package io.patchbay.sample.host.impl.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The license client's clock in the demo: the system clock, moved forward on demand (hours pass in no time). */
final class DemoClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the demo clock is UTC only");
    }
}
