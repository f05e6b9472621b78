package io.patchbay.tuf.api;

/** A version differs from what the referring metadata (timestamp/snapshot) says, or a new root is not exactly N+1. */
public class BadVersionException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public BadVersionException(String message) {
        super(message);
    }

    public BadVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
