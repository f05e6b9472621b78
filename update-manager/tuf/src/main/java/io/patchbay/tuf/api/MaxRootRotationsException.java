package io.patchbay.tuf.api;

/** More root versions in one refresh than the configured maximum (a likely endless-root attack). */
public class MaxRootRotationsException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public MaxRootRotationsException(String message) {
        super(message);
    }

    public MaxRootRotationsException(String message, Throwable cause) {
        super(message, cause);
    }
}
