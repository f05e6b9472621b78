package io.patchbay.framework.api;

/** The base of Patchbay's runtime errors. */
public class PatchbayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a person
     */
    public PatchbayException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for a person
     * @param cause   the underlying failure
     */
    public PatchbayException(String message, Throwable cause) {
        super(message, cause);
    }
}
