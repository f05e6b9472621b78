package io.patchbay.tuf.api;

/** Downloaded bytes do not match the expected hashes or length (or no usable hash was listed). */
public class BadHashException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public BadHashException(String message) {
        super(message);
    }

    public BadHashException(String message, Throwable cause) {
        super(message, cause);
    }
}
