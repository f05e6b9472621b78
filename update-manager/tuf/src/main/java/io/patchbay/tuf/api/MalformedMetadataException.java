package io.patchbay.tuf.api;

/** Metadata is not valid JSON, is not canonical-JSON encodable, or misses a required field. */
public class MalformedMetadataException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public MalformedMetadataException(String message) {
        super(message);
    }

    public MalformedMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
