package io.patchbay.framework.api;

/**
 * The data directory's own state is missing, damaged or was tampered with (the journal gone beside a store, a store
 * entry that no longer verifies and cannot be healed, a forged record). Start-up refuses such a directory and changes
 * nothing; the message names the file and what to do, usually {@link Patchbay#resetLocalState}.
 */
public class LocalStateException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a person
     */
    public LocalStateException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for a person
     * @param cause   the underlying failure
     */
    public LocalStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
