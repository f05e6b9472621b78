package io.patchbay.tuf.api;

/** No trusted targets role lists the requested target path. */
public class TargetNotFoundException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the target path that no trusted role lists */
    public TargetNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message the target path that no trusted role lists
     * @param cause   the failure underneath
     */
    public TargetNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
