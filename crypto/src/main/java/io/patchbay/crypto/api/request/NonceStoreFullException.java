package io.patchbay.crypto.api.request;

/** A {@link NonceStore} that cannot record another nonce (full of unexpired ones, or its storage failed). */
public class NonceStoreFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonceStoreFullException(String message) {
        super(message);
    }

    public NonceStoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
