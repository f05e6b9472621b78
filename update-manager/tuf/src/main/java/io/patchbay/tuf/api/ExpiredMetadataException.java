package io.patchbay.tuf.api;

/** Metadata is past its expiry at the update start time (also what a freeze attack looks like). */
public class ExpiredMetadataException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the role, its expiry and the time it was checked against */
    public ExpiredMetadataException(String message) {
        super(message);
    }

    /**
     * @param message the role, its expiry and the time it was checked against
     * @param cause   the failure underneath
     */
    public ExpiredMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
