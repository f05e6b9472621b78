package io.patchbay.framework.api;

/** A patch as a whole was refused before anything running was touched, for a reason that is not one bundle's. */
public class PatchRefusedException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /**
         * The same content (by {@link SwapRecord#patchId()}) was in flight when the process died, and has not committed
         * since; apply it with {@link Patch#retryingCrashed()} to try again.
         */
        CRASHED_BEFORE,
        /** A failed rollback is still being retried: the container does not run the committed level yet. */
        RESTORE_PENDING
    }

    /** Why the patch was refused. */
    private final Reason reason;

    /**
     * @param reason  why
     * @param message the specifics, for a person
     */
    public PatchRefusedException(Reason reason, String message) {
        super("patch refused (" + reason + "): " + message);
        this.reason = reason;
    }

    /**
     * Why the patch was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
