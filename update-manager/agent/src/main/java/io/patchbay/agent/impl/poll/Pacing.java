package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.AgentConfig;
import java.time.Duration;
import java.util.Random;

/**
 * How long the agent waits before it talks to the server again, for each kind of answer: the server's sleep hint,
 * a Retry-After, or a failure (exponential {@link Backoff}). Every wait is spread by the injected jitter, so a fleet
 * that heard the same answer at the same moment does not come back in lock-step.
 */
final class Pacing {
    /** The hint assumed when the server gives none. */
    static final Duration DEFAULT_POLL = Duration.ofMinutes(5);

    private final AgentConfig config;
    private final Random jitter;
    private final Backoff backoff;

    Pacing(AgentConfig config, Random jitter) {
        this.config = config;
        this.jitter = jitter;
        this.backoff = new Backoff(config.backoffBase(), config.backoffCap(), jitter);
    }

    /** The server's sleep hint, clamped to the configured bounds, spread by ±10 % so a fleet drifts apart. */
    Duration poll(Long pollAfterSeconds) {
        long hinted = pollAfterSeconds == null ? DEFAULT_POLL.toMillis()
                : Duration.ofSeconds(Math.max(0, pollAfterSeconds)).toMillis();
        long spread = (long) (hinted * (0.9 + 0.2 * jitter.nextDouble()));
        long clamped = Math.max(config.minPollDelay().toMillis(), Math.min(config.maxPollDelay().toMillis(), spread));
        return Duration.ofMillis(clamped);
    }

    /** Retry-After honoured: never earlier, up to 10 % later (the whole fleet got the same value). */
    Duration retryAfter(Duration retryAfter) {
        long millis = retryAfter.toMillis();
        return Duration.ofMillis(millis + (long) (millis * 0.1 * jitter.nextDouble()));
    }

    /** Counts one more failure in a row and returns the backoff before the next attempt. */
    Duration failed() {
        return backoff.next();
    }

    /** Failures in a row so far. */
    int failures() {
        return backoff.failures();
    }

    /** The server answered: the next failure starts the backoff from its base again. */
    void reset() {
        backoff.reset();
    }

    /** The longest wait: also how often a missing token or a revoked identity is looked at again. */
    Duration cap() {
        return config.backoffCap();
    }
}
