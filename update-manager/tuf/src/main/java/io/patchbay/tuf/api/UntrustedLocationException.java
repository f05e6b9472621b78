package io.patchbay.tuf.api;

/** A fetch would go to a location not named by verified root (x-patchbay-location), or TLS pins are missing. */
public class UntrustedLocationException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public UntrustedLocationException(String message) {
        super(message);
    }

    public UntrustedLocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
