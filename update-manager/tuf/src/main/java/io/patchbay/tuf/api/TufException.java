package io.patchbay.tuf.api;

/**
 * Base of every failed TUF check. Unchecked, so that metadata accessors stay usable in lambdas; the
 * updater documents which subtypes each operation throws. Any TufException means "do not trust".
 */
public class TufException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TufException(String message) {
        super(message);
    }

    public TufException(String message, Throwable cause) {
        super(message, cause);
    }
}
