package io.patchbay.policy.impl;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine's bounds. {@code callbackTimeout}, {@code askTimeout}, {@code reaskAfter} and
 * {@code idleRecheck} are measured on the engine's clock; {@code pollWait} (how long a tick waits for a
 * callback before collecting its answer on a later tick) and {@code commitSwapWait} (how long a commit
 * point waits for its swap) are real time, since they bound a thread that is actually waiting.
 */
public record Settings(Duration callbackTimeout, Duration askTimeout, Duration reaskAfter, Duration idleRecheck,
                       Duration pollWait, Duration commitSwapWait) {

    // Declared before DEFAULTS: static fields initialise in order, and the constructor reads it.
    private static final Duration MAX = Duration.ofDays(7);

    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), Duration.ofMinutes(10),
            Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMinutes(2));

    public Settings {
        positive("callbackTimeout", callbackTimeout);
        positive("askTimeout", askTimeout);
        positive("reaskAfter", reaskAfter);
        positive("idleRecheck", idleRecheck);
        positive("commitSwapWait", commitSwapWait);
        Objects.requireNonNull(pollWait, "pollWait");
        if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("pollWait must be between 0 and 5 s, not " + pollWait);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + MAX + ", not " + d);
        }
    }
}
