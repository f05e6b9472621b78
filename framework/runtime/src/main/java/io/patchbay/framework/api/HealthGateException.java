package io.patchbay.framework.api;

/** A patched bundle did not become ACTIVE, or one of its health checks failed or timed out. */
public class HealthGateException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    public HealthGateException(String message) {
        super(message);
    }

    public HealthGateException(String message, Throwable cause) {
        super(message, cause);
    }
}
