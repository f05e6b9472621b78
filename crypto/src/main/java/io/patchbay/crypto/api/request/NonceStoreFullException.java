package io.patchbay.crypto.api.request;

/** A {@link NonceStore} that cannot record another nonce (full of unexpired ones, or its storage failed). */
public class NonceStoreFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message which bound was reached, or what failed; never a nonce */
    public NonceStoreFullException(String message) {
        super(message);
    }

    /**
     * @param message what failed; never a nonce
     * @param cause   the storage failure underneath (a database error, for instance)
     */
    public NonceStoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
