package io.patchbay.agent.osgi;

import io.patchbay.agent.api.PushSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The push channel's framework properties (all optional; the defaults are {@link PushSettings#DEFAULTS}):
 * <ul>
 *   <li>{@value #ENABLED}: {@code true} (default) or {@code false}: hold the push connection at all;</li>
 *   <li>{@value #BURST}: pushes acted on at once (the token bucket's capacity, default 1);</li>
 *   <li>{@value #REFILL_PER_HOUR}: further pushes acted on per hour (default 4); beyond, dropped and counted;</li>
 *   <li>{@value #SKEW}: the clock skew allowed on a push's times, ISO-8601 (default PT60S, at most PT10M);</li>
 *   <li>{@value #RECONNECT_MIN}, {@value #RECONNECT_MAX}: the reconnect backoff's bounds (default PT1S, PT5M);</li>
 *   <li>{@value #SPREAD}: the longest random delay before acting on a NORMAL push (default PT10S).</li>
 * </ul>
 * A value that does not parse, or settings that do not fit together, stop the agent's start with the property's
 * name: a mistyped rate limit must not silently become another.
 */
final class PushProperties {
    static final String ENABLED = "patchbay.agent.push.enabled";
    static final String BURST = "patchbay.agent.push.burst";
    static final String REFILL_PER_HOUR = "patchbay.agent.push.refillPerHour";
    static final String SKEW = "patchbay.agent.push.skew";
    static final String RECONNECT_MIN = "patchbay.agent.push.reconnectMin";
    static final String RECONNECT_MAX = "patchbay.agent.push.reconnectMax";
    static final String SPREAD = "patchbay.agent.push.spread";

    private PushProperties() {
    }

    static PushSettings read(Function<String, String> properties) {
        PushSettings d = PushSettings.DEFAULTS;
        String enabled = value(properties, ENABLED);
        if (enabled != null && !enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            throw new IllegalStateException(ENABLED + " must be true or false: " + enabled);
        }
        try {
            return new PushSettings(enabled == null || Boolean.parseBoolean(enabled),
                    number(properties, BURST, d.burst()),
                    number(properties, REFILL_PER_HOUR, d.refillTokens()), Duration.ofHours(1),
                    duration(properties, SKEW, d.allowedSkew()),
                    duration(properties, RECONNECT_MIN, d.reconnectMin()),
                    duration(properties, RECONNECT_MAX, d.reconnectMax()),
                    duration(properties, SPREAD, d.normalSpread()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("push settings (patchbay.agent.push.*): " + e.getMessage(), e);
        }
    }

    private static long number(Function<String, String> properties, String name, long fallback) {
        String text = value(properties, name);
        try {
            return text == null ? fallback : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number: " + text);
        }
    }

    private static Duration duration(Function<String, String> properties, String name, Duration fallback) {
        String text = value(properties, name);
        try {
            return text == null ? fallback : Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(name + " must be an ISO-8601 duration such as PT30S: " + text);
        }
    }

    private static String value(Function<String, String> properties, String name) {
        String value = properties.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
