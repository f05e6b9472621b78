package io.patchbay.tuf.api;

/** Fewer than the role's threshold of distinct authorized keys signed the metadata (or a signature is invalid). */
public class SignatureThresholdException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the role, its threshold and how many valid signatures were found */
    public SignatureThresholdException(String message) {
        super(message);
    }

    /**
     * @param message the role, its threshold and how many valid signatures were found
     * @param cause   the failure underneath
     */
    public SignatureThresholdException(String message, Throwable cause) {
        super(message, cause);
    }
}
