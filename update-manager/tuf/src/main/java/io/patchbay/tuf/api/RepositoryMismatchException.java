package io.patchbay.tuf.api;

/** Metadata of the wrong type (_type) or with an unsupported spec_version major. */
public class RepositoryMismatchException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the expected and actual {@code _type} or {@code spec_version} */
    public RepositoryMismatchException(String message) {
        super(message);
    }

    /**
     * @param message the expected and actual {@code _type} or {@code spec_version}
     * @param cause   the failure underneath
     */
    public RepositoryMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
