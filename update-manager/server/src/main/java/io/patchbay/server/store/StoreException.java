package io.patchbay.server.store;

/** Base of every storage refusal or failure. Checked, so callers decide the HTTP status for each kind. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
