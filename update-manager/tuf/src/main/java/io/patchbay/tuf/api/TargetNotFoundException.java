package io.patchbay.tuf.api;

/** No trusted targets role lists the requested target path. */
public class TargetNotFoundException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public TargetNotFoundException(String message) {
        super(message);
    }

    public TargetNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
