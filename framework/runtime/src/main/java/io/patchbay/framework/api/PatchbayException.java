package io.patchbay.framework.api;

/** The base of Patchbay's runtime errors. */
public class PatchbayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PatchbayException(String message) {
        super(message);
    }

    public PatchbayException(String message, Throwable cause) {
        super(message, cause);
    }
}
