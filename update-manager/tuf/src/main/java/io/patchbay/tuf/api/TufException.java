package io.patchbay.tuf.api;

/**
 * Base of every TUF failure; any TufException means "do not trust". Three families below it:
 * <ul>
 *   <li>{@link VerificationException}: the repository's content fails a check (attack or broken repository);</li>
 *   <li>{@link TransportException}: the bytes could not be fetched (network, HTTP, too long);</li>
 *   <li>{@link LocalStorageException}: the local trusted store could not be read or written.</li>
 * </ul>
 * Unchecked, so that metadata accessors stay usable in lambdas; the updater documents which subtypes each
 * operation throws.
 */
public abstract class TufException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed; names roles, files and values, never key material */
    protected TufException(String message) {
        super(message);
    }

    /**
     * @param message what failed; names roles, files and values, never key material
     * @param cause   the failure underneath
     */
    protected TufException(String message, Throwable cause) {
        super(message, cause);
    }
}
