package io.patchbay.agent.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The push channel's settings (issue 8): a long-lived connection on which the server can wake the agent with
 * signed, sealed messages that only ever trigger the agent's normal check or a heartbeat.
 *
 * @param enabled        whether the agent holds the push connection at all (default true)
 * @param burst          how many accepted pushes of one action may act at once (the capacity of that action's
 *                       token bucket; default 1; CHECK_NOW and REPORT_HOME have a bucket each)
 * @param refillTokens   how many more are allowed per {@code refillPeriod} (default 4 ...)
 * @param refillPeriod   ... per hour); pushes beyond the bucket are dropped and counted
 * @param allowedSkew    the clock skew allowed on a push's issued-at and expiry (default 60 s, at most 10 min)
 * @param reconnectMin   the shortest reconnect delay (default 1 s), the floor of the full-jitter backoff
 * @param reconnectMax   the longest (default 5 min)
 * @param normalSpread   the longest random delay before acting on a push of NORMAL urgency (default 10 s), which
 *                       spreads a fleet-wide push over time; URGENT acts at once
 */
public record PushSettings(boolean enabled, long burst, long refillTokens, Duration refillPeriod, Duration allowedSkew,
                           Duration reconnectMin, Duration reconnectMax, Duration normalSpread) {
    /** The largest skew a push may be allowed (crypto's PushOpener refuses more). Declared first: DEFAULTS uses it. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(10);
    public static final PushSettings DEFAULTS = new PushSettings(true, 1, 4, Duration.ofHours(1),
            Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(10));

    public PushSettings {
        Objects.requireNonNull(refillPeriod, "refillPeriod");
        Objects.requireNonNull(allowedSkew, "allowedSkew");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(normalSpread, "normalSpread");
        if (burst < 1 || refillTokens < 1 || refillPeriod.isNegative() || refillPeriod.isZero()) {
            throw new IllegalArgumentException("the push rate limit needs burst >= 1 and refill >= 1 per positive period");
        }
        if (allowedSkew.isNegative() || allowedSkew.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException("the allowed push skew must be 0.." + MAX_SKEW + ": " + allowedSkew);
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("push reconnect delays must be positive and min <= max");
        }
        if (normalSpread.isNegative()) {
            throw new IllegalArgumentException("the push spread must not be negative");
        }
    }

    /** Push switched off (the agent polls only). */
    public static PushSettings disabled() {
        return DEFAULTS.withEnabled(false);
    }

    public PushSettings withEnabled(boolean value) {
        return new PushSettings(value, burst, refillTokens, refillPeriod, allowedSkew, reconnectMin, reconnectMax,
                normalSpread);
    }

    public PushSettings withRate(long newBurst, long newRefillTokens, Duration newRefillPeriod) {
        return new PushSettings(enabled, newBurst, newRefillTokens, newRefillPeriod, allowedSkew, reconnectMin,
                reconnectMax, normalSpread);
    }

    public PushSettings withSkew(Duration value) {
        return new PushSettings(enabled, burst, refillTokens, refillPeriod, value, reconnectMin, reconnectMax,
                normalSpread);
    }

    public PushSettings withReconnect(Duration min, Duration max) {
        return new PushSettings(enabled, burst, refillTokens, refillPeriod, allowedSkew, min, max, normalSpread);
    }

    public PushSettings withNormalSpread(Duration value) {
        return new PushSettings(enabled, burst, refillTokens, refillPeriod, allowedSkew, reconnectMin, reconnectMax,
                value);
    }
}
