package io.patchbay.tuf.api;

/**
 * The repository's metadata or a target cannot be trusted (python-tuf's {@code RepositoryError}): a bad
 * signature or threshold, a rollback, expiry, a hash or version mismatch, malformed or unsupported
 * metadata, a delegation limit, a location outside the trusted one, or a target no trusted role lists.
 * Retrying the same repository will not help; it is what an attack (or a broken repository) looks like,
 * and worth reporting.
 */
public class VerificationException extends TufException {
    private static final long serialVersionUID = 1L;

    /** @param message which check failed, on which role or file */
    public VerificationException(String message) {
        super(message);
    }

    /**
     * @param message which check failed, on which role or file
     * @param cause   the failure underneath
     */
    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
