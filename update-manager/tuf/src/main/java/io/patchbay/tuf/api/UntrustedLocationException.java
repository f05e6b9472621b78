package io.patchbay.tuf.api;

/** A fetch would go to a location not named by verified root (x-patchbay-location), or TLS pins are missing. */
public class UntrustedLocationException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the refused location and the trusted one */
    public UntrustedLocationException(String message) {
        super(message);
    }

    /**
     * @param message the refused location and the trusted one
     * @param cause   the failure underneath
     */
    public UntrustedLocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
