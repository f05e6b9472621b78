package io.patchbay.server.store;

/**
 * The database cannot be reached or gave no connection in time. Transient: the API answers 503 with
 * Retry-After, and the caller (an agent) keeps its report and retries.
 */
public class StoreUnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * A transient failure.
     *
     * @param message what failed
     * @param cause   the database error
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
