package io.patchbay.server.impl.rotation;

/**
 * A certificate-renewal or location-move phase that was refused with nothing written; {@code reason} is
 * machine-readable.
 */
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
    /** a new location that does not answer with the pinned key. */
    public static final String LOCATION_UNREACHABLE = "location_unreachable";
    /** a new location that answers, but not with this repository. */
    public static final String LOCATION_MISMATCH = "location_mismatch";
    /** a move while live clients have not followed the previous one. */
    public static final String MOVE_PENDING = "location_move_pending";
    /** finish while live clients have not followed the move. */
    public static final String LOCATION_CLIENTS_PENDING = "location_clients_pending";
    /** finish when root never moved. */
    public static final String NOT_MOVED = "location_not_moved";
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
