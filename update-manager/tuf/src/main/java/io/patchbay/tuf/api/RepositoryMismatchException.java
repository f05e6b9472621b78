package io.patchbay.tuf.api;

/** Metadata of the wrong type (_type) or with an unsupported spec_version major. */
public class RepositoryMismatchException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public RepositoryMismatchException(String message) {
        super(message);
    }

    public RepositoryMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
