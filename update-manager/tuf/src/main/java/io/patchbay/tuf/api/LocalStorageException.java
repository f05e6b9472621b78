package io.patchbay.tuf.api;

/** The local trusted-metadata or target store could not be read or written. */
public class LocalStorageException extends TufException {
    private static final long serialVersionUID = 1L;

    /** @param message the file or role that could not be read or written */
    public LocalStorageException(String message) {
        super(message);
    }

    /**
     * @param message the file or role that could not be read or written
     * @param cause   the I/O failure underneath
     */
    public LocalStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
