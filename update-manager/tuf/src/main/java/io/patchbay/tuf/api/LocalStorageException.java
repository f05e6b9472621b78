package io.patchbay.tuf.api;

/** The local trusted-metadata or target store could not be read or written. */
public class LocalStorageException extends TufException {
    private static final long serialVersionUID = 1L;

    public LocalStorageException(String message) {
        super(message);
    }

    public LocalStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
