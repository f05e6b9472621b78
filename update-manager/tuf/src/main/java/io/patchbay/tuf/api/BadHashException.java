package io.patchbay.tuf.api;

/** Downloaded bytes do not match the expected hashes or length (or no usable hash was listed). */
public class BadHashException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the file, and the expected and actual hash or length */
    public BadHashException(String message) {
        super(message);
    }

    /**
     * @param message the file, and the expected and actual hash or length
     * @param cause   the digest or I/O failure underneath
     */
    public BadHashException(String message, Throwable cause) {
        super(message, cause);
    }
}
