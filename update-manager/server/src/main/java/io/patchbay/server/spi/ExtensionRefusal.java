package io.patchbay.server.spi;

/**
 * A refusal: the server answers {@code status} with the body {@code {"status", "error": code, "message"}}, like
 * its own refusals. {@code retryAfterSeconds} above 0 adds a Retry-After header (for 429 and 503).
 */
public final class ExtensionRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final int retryAfterSeconds;

    public ExtensionRefusal(int status, String code, String message) {
        this(status, code, message, 0);
    }

    public ExtensionRefusal(int status, String code, String message, int retryAfterSeconds) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refusal is 4xx or 5xx");
        }
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** The stable machine-readable reason, lower case with underscores (e.g. {@code seat_limit}). */
    public String code() {
        return code;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
