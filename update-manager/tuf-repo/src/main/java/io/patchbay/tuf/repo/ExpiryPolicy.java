package io.patchbay.tuf.repo;

import io.patchbay.tuf.api.Metadata;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each new metadata version stays valid. Every new version gets "now + lifetime" of its role.
 * Defaults: root 365 days, targets and delegated roles 90 days, snapshot 7 days, timestamp 1 day.
 */
public final class ExpiryPolicy {

    public static final Duration ROOT = Duration.ofDays(365);
    public static final Duration TARGETS = Duration.ofDays(90);
    public static final Duration SNAPSHOT = Duration.ofDays(7);
    public static final Duration TIMESTAMP = Duration.ofDays(1);

    private final Map<String, Duration> lifetimes;

    private ExpiryPolicy(Map<String, Duration> lifetimes) {
        this.lifetimes = Map.copyOf(lifetimes);
    }

    public static ExpiryPolicy defaults() {
        return new ExpiryPolicy(Map.of());
    }

    /** A copy where {@code role} (a top-level or delegated role name) lives {@code lifetime}. */
    public ExpiryPolicy with(String role, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new RepositoryException("lifetime of " + role + " must be positive, got " + lifetime);
        }
        Map<String, Duration> copy = new HashMap<>(lifetimes);
        copy.put(role, lifetime);
        return new ExpiryPolicy(copy);
    }

    public Duration lifetime(String role) {
        Duration explicit = lifetimes.get(role);
        if (explicit != null) {
            return explicit;
        }
        return switch (role) {
            case Metadata.ROOT -> ROOT;
            case Metadata.SNAPSHOT -> SNAPSHOT;
            case Metadata.TIMESTAMP -> TIMESTAMP;
            default -> TARGETS;
        };
    }

    /**
     * Parses "90d", "12h", "30m", "45s" or an ISO-8601 duration ("P90D").
     *
     * @throws RepositoryException for anything else
     */
    public static Duration parseDuration(String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 's' -> Duration.ofSeconds(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new RepositoryException("bad duration '" + text + "': use e.g. 90d, 12h, 30m, 45s or P90D");
        }
    }
}
