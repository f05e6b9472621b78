package io.patchbay.framework.api;

/** The bundle store could not write or read (disk full, permissions) or found an entry tampered with. */
public class StoreException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a person
     * @param cause   the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what went wrong, for a person
     */
    public StoreException(String message) {
        super(message);
    }
}
