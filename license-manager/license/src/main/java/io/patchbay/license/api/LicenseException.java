package io.patchbay.license.api;

import java.util.Objects;

/** A license, request or lease refused, with its reason code and a message that names the problem. */
public final class LicenseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final LicenseCode code;

    public LicenseException(LicenseCode code, String message) {
        super(code + ": " + Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
    }

    public LicenseException(LicenseCode code, String message, Throwable cause) {
        this(code, message);
        initCause(cause);
    }

    public LicenseCode code() {
        return code;
    }
}
