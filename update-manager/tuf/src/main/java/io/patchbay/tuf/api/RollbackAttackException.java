package io.patchbay.tuf.api;

/** A version went backwards compared with trusted metadata, or a role disappeared from snapshot. */
public class RollbackAttackException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the role, and the trusted and offered versions */
    public RollbackAttackException(String message) {
        super(message);
    }

    /**
     * @param message the role, and the trusted and offered versions
     * @param cause   the failure underneath
     */
    public RollbackAttackException(String message, Throwable cause) {
        super(message, cause);
    }
}
