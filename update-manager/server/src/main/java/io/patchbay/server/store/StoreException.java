package io.patchbay.server.store;

/** Base of every storage refusal or failure. Checked, so callers decide the HTTP status for each kind. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal or failure.
     *
     * @param message what went wrong, naming the input or bound
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * A failure caused by another (a database error, say).
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
