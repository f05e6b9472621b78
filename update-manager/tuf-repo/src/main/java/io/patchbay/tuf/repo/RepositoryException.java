package io.patchbay.tuf.repo;

/**
 * A repository operation was refused (bad input, missing keys, inconsistent repository); nothing was
 * written. A tooling error, not a verification result, so deliberately not a {@code TufException}.
 */
public class RepositoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
