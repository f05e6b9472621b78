package io.patchbay.framework.api;

/** The bundle store could not write or read (disk full, permissions) or found an entry tampered with. */
public class StoreException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
