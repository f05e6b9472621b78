package io.patchbay.agent.impl.device;

import java.time.Duration;

/** A device request that did not succeed, classified by what the agent should do about it. */
public final class DeviceException extends Exception {

    public enum Kind {
        /** Not reached, timed out, cut off, TLS refused (wrong pin), or a 5xx other than 503: back off. */
        UNREACHABLE,
        /** 503 or 429: the server is loaded; retry after {@link #retryAfter()} (reachable nonetheless). */
        BUSY,
        /** This client's keys were revoked (or the server no longer knows it): enroll again with a new token. */
        REVOKED,
        /** The one-time enrollment token was refused (unknown, used or expired). */
        TOKEN_REJECTED,
        /** Any other 4xx: this request is wrong; retrying it unchanged will not help. */
        REFUSED
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public DeviceException(Kind kind, int status, String code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The server's stable error code ({@code "revoked"}, {@code "replayed"}, ...), or null. */
    public String code() {
        return code;
    }

    /** For {@link Kind#BUSY}: the server's Retry-After, or null if it gave none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
