package io.patchbay.agent.impl.poll;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": after the n-th consecutive failure the ceiling is
 * {@code min(cap, base * 2^(n-1))} and the delay is uniform in [ceiling/2, ceiling]. Half the ceiling keeps the
 * growth (a fleet that lost its server does not come back at full rate), the random half spreads a fleet that
 * failed at the same moment so it does not return in lock-step.
 */
final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final Random random;
    private int failures;

    Backoff(Duration base, Duration cap, Random random) {
        this.base = Objects.requireNonNull(base);
        this.cap = Objects.requireNonNull(cap);
        this.random = Objects.requireNonNull(random);
    }

    /** Counts one more failure and returns the delay before the next attempt. */
    Duration next() {
        failures++;
        long ceiling = ceilingMillis(failures);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    long ceilingMillis(int failureCount) {
        // shift at most 30 places: beyond that every realistic base already exceeds any cap
        long multiplied = base.toMillis() << Math.min(30, Math.max(0, failureCount - 1));
        return Math.min(cap.toMillis(), multiplied);
    }

    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
