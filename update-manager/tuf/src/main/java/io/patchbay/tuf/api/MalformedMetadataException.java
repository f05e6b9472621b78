package io.patchbay.tuf.api;

/** Metadata is not valid JSON, is not canonical-JSON encodable, or misses a required field. */
public class MalformedMetadataException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the role and what is wrong (field, position) */
    public MalformedMetadataException(String message) {
        super(message);
    }

    /**
     * @param message the role and what is wrong (field, position)
     * @param cause   the parser's failure underneath
     */
    public MalformedMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
