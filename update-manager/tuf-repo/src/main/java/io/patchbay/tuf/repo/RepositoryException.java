package io.patchbay.tuf.repo;

import io.patchbay.tuf.api.TufException;

/** A repository operation was refused (bad input, missing keys, inconsistent repository); nothing was written. */
public class RepositoryException extends TufException {
    private static final long serialVersionUID = 1L;

    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
