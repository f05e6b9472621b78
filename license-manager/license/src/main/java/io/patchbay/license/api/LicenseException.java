package io.patchbay.license.api;

import java.util.Objects;

/** A license, request or lease refused, with its reason code and a message that names the problem. */
public final class LicenseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The reason; part of the serialised form. */
    private final LicenseCode code;

    /**
     * A refusal.
     *
     * @param code    the reason, for code to act on
     * @param message what was wrong, for a person; the code is prefixed to it
     * @throws NullPointerException when {@code code} or {@code message} is null
     */
    public LicenseException(LicenseCode code, String message) {
        super(code + ": " + Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * A refusal caused by another failure (a parse or crypto error, say).
     *
     * @param code    the reason
     * @param message what was wrong
     * @param cause   the underlying failure
     * @throws NullPointerException when {@code code} or {@code message} is null
     */
    public LicenseException(LicenseCode code, String message, Throwable cause) {
        this(code, message);
        initCause(cause);
    }

    /**
     * Why it was refused.
     *
     * @return the reason code, never null
     */
    public LicenseCode code() {
        return code;
    }
}
