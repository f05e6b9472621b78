package io.patchbay.tuf.api;

/** Metadata is past its expiry at the update start time (also what a freeze attack looks like). */
public class ExpiredMetadataException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public ExpiredMetadataException(String message) {
        super(message);
    }

    public ExpiredMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
