package io.patchbay.server.spi;

/**
 * A refusal: the server answers {@code status} with the body {@code {"status", "error": code, "message"}}, like
 * its own refusals. {@code retryAfterSeconds} above 0 adds a Retry-After header (for 429 and 503).
 */
public final class ExtensionRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status, 4xx or 5xx; part of the serialised form. */
    private final int status;
    /** The machine-readable reason; part of the serialised form. */
    private final String code;
    /** The Retry-After value in seconds, 0 for none; part of the serialised form. */
    private final int retryAfterSeconds;

    /**
     * A refusal without Retry-After.
     *
     * @param status  the HTTP status, 400..599
     * @param code    the machine-readable reason, lower case with underscores
     * @param message what was wrong, for a person (sent to the caller: name no secret)
     * @throws IllegalArgumentException when {@code status} is not 4xx or 5xx
     */
    public ExtensionRefusal(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /**
     * A refusal, with Retry-After when {@code retryAfterSeconds} is above 0 (for 429 and 503).
     *
     * @param status            the HTTP status, 400..599
     * @param code              the machine-readable reason, lower case with underscores
     * @param message           what was wrong, for a person (sent to the caller: name no secret)
     * @param retryAfterSeconds seconds for the Retry-After header; 0 or less for none
     * @throws IllegalArgumentException when {@code status} is not 4xx or 5xx
     */
    public ExtensionRefusal(int status, String code, String message, int retryAfterSeconds) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refusal is 4xx or 5xx");
        }
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * The HTTP status.
     *
     * @return 400..599
     */
    public int status() {
        return status;
    }

    /**
     * The stable machine-readable reason, the reply's {@code error} member.
     *
     * @return lower case with underscores (e.g. {@code seat_limit})
     */
    public String code() {
        return code;
    }

    /**
     * The Retry-After value.
     *
     * @return seconds; 0 or less when the reply carries no Retry-After
     */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
