package io.patchbay.agent.impl.push;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * The push connection's reconnect delays: exponential backoff with full jitter above a floor. After the n-th
 * consecutive failure the ceiling is {@code min(max, min * 2^(n-1))} and the delay uniform in [min, ceiling]:
 * unlike the poll loop's equal jitter, a whole fleet cut off by one node's end spreads over the full range, so the
 * nodes left are not hit in waves. A server at its connection cap answers 503 with Retry-After: never earlier
 * than that, spread by up to 10 % more (every client got the same value), and never earlier than the backoff.
 */
final class ReconnectBackoff {
    private final Duration min;
    private final Duration max;
    private final Random random;
    private int failures;

    ReconnectBackoff(Duration min, Duration max, Random random) {
        this.min = Objects.requireNonNull(min, "min");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (min.isNegative() || min.isZero() || min.compareTo(max) > 0) {
            throw new IllegalArgumentException("reconnect backoff needs 0 < min <= max: " + min + " .. " + max);
        }
    }

    /** Counts one more failure and returns the delay before the next attempt. */
    synchronized Duration next() {
        failures++;
        long ceiling = ceilingMillis(failures);
        long floor = min.toMillis();
        return Duration.ofMillis(floor + (long) (random.nextDouble() * (ceiling - floor)));
    }

    /** As {@link #next()} for a server that asked to be left alone for {@code retryAfter}. */
    synchronized Duration next(Duration retryAfter) {
        Duration backoff = next();
        long asked = retryAfter.toMillis();
        Duration honoured = Duration.ofMillis(asked + (long) (asked * 0.1 * random.nextDouble()));
        return honoured.compareTo(backoff) > 0 ? honoured : backoff;
    }

    long ceilingMillis(int failureCount) {
        // shift at most 30 places: beyond that every realistic floor already exceeds any cap
        long multiplied = min.toMillis() << Math.min(30, Math.max(0, failureCount - 1));
        return Math.min(max.toMillis(), multiplied);
    }

    synchronized int failures() {
        return failures;
    }

    synchronized void reset() {
        failures = 0;
    }
}
