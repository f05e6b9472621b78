package io.patchbay.server.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The push channel's settings ({@code GET /device/v1/push}, the event stream agents hold open).
 *
 * @param keepalive      a comment line on every idle stream this often (25 s): proxies and NAT keep it open, and the
 *                       agent treats 3 × this without bytes as a dead stream
 * @param maxConnections streams one node holds at most (20,000); beyond it a new stream is answered 503 with
 *                       Retry-After, and the agent backs off with jitter
 * @param defaultTtl     a push's lifetime when the operator names none (5 min; at most 1 h)
 * @param rescan         the safety re-scan of the push table (lost wake-ups) and the revocation / key sweep (15 s)
 * @param nodeId         this node's name in every stream's hello (null: a random one per start)
 */
public record PushSettings(Duration keepalive, int maxConnections, Duration defaultTtl, Duration rescan, String nodeId) {
    /** The longest push lifetime: a "check now" older than this is stale, and a client refuses it. */
    public static final Duration MAX_TTL = Duration.ofHours(1);

    /**
     * Checks the bounds.
     *
     * @param keepalive      1 s to 10 min
     * @param maxConnections at least 1
     * @param defaultTtl     10 s to {@link #MAX_TTL}
     * @param rescan         at least 100 ms
     * @param nodeId         1 to 64 of {@code [A-Za-z0-9._-]}, or null
     * @throws NullPointerException     when a duration is null
     * @throws IllegalArgumentException when a value is out of bounds
     */
    public PushSettings {
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(rescan, "rescan");
        if (keepalive.compareTo(Duration.ofSeconds(1)) < 0 || keepalive.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("push keepalive must be 1 s..10 min, was " + keepalive);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("push connection cap must be at least 1");
        }
        if (defaultTtl.compareTo(Duration.ofSeconds(10)) < 0 || defaultTtl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("push TTL must be 10 s..1 h, was " + defaultTtl);
        }
        if (rescan.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("push re-scan period must be at least 100 ms");
        }
        if (nodeId != null && !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("node id must be 1..64 of [A-Za-z0-9._-]");
        }
    }

    /**
     * The defaults named on the record: 25 s keepalive, 20,000 streams, 5 min TTL, 15 s re-scan, a random node id.
     *
     * @return the defaults
     */
    public static PushSettings defaults() {
        return new PushSettings(Duration.ofSeconds(25), 20_000, Duration.ofMinutes(5), Duration.ofSeconds(15), null);
    }

    /**
     * A copy with another keepalive.
     *
     * @param value 1 s to 10 min
     * @return the copy
     */
    public PushSettings withKeepalive(Duration value) {
        return new PushSettings(value, maxConnections, defaultTtl, rescan, nodeId);
    }

    /**
     * A copy with another connection cap.
     *
     * @param value at least 1
     * @return the copy
     */
    public PushSettings withMaxConnections(int value) {
        return new PushSettings(keepalive, value, defaultTtl, rescan, nodeId);
    }

    /**
     * A copy with another default push lifetime.
     *
     * @param value 10 s to {@link #MAX_TTL}
     * @return the copy
     */
    public PushSettings withDefaultTtl(Duration value) {
        return new PushSettings(keepalive, maxConnections, value, rescan, nodeId);
    }

    /**
     * A copy with another re-scan period.
     *
     * @param value at least 100 ms
     * @return the copy
     */
    public PushSettings withRescan(Duration value) {
        return new PushSettings(keepalive, maxConnections, defaultTtl, value, nodeId);
    }

    /**
     * A copy with another node name.
     *
     * @param value 1 to 64 of {@code [A-Za-z0-9._-]}, or null for a random one per start
     * @return the copy
     */
    public PushSettings withNodeId(String value) {
        return new PushSettings(keepalive, maxConnections, defaultTtl, rescan, value);
    }
}
