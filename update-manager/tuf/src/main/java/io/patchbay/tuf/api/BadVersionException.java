package io.patchbay.tuf.api;

/** A version differs from what the referring metadata (timestamp/snapshot) says, or a new root is not exactly N+1. */
public class BadVersionException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the role, and the expected and actual versions */
    public BadVersionException(String message) {
        super(message);
    }

    /**
     * @param message the role, and the expected and actual versions
     * @param cause   the failure underneath
     */
    public BadVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
