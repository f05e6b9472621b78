package io.patchbay.tuf.api;

/** More root versions in one refresh than the configured maximum (a likely endless-root attack). */
public class MaxRootRotationsException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the number of root versions and the configured maximum */
    public MaxRootRotationsException(String message) {
        super(message);
    }

    /**
     * @param message the number of root versions and the configured maximum
     * @param cause   the failure underneath
     */
    public MaxRootRotationsException(String message, Throwable cause) {
        super(message, cause);
    }
}
