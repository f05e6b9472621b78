package io.patchbay.server.impl.rotation;

/** A certificate-renewal phase that was refused with nothing written; {@code reason} is machine-readable. */
public final class RotationRefused extends RuntimeException {
    /** activate before stage completed. */
    public static final String NOT_STAGED = "rotation_not_staged";
    /** finish before activate. */
    public static final String NOT_ACTIVATED = "rotation_not_activated";
    /** stage while the previous renewal is not finished. */
    public static final String AWAITING_FINISH = "rotation_awaiting_finish";
    /** activate while live clients may still trust only the old pin. */
    public static final String CLIENTS_PENDING = "rotation_clients_pending";
    /** stage when root names no location (so no pins): nothing to renew. */
    public static final String NO_LOCATION = "no_location";
    /** finish when root does not pin the served key (someone rotated root by hand). */
    public static final String ACTIVE_NOT_PINNED = "rotation_active_not_pinned";
    private static final long serialVersionUID = 1L;

    private final String reason;

    public RotationRefused(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
