package io.patchbay.framework.api;

/** A patched bundle did not become ACTIVE, or one of its health checks failed or timed out. */
public class HealthGateException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a person
     */
    public HealthGateException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for a person
     * @param cause   the underlying failure
     */
    public HealthGateException(String message, Throwable cause) {
        super(message, cause);
    }
}
