package io.patchbay.tuf.api;

/** A version went backwards compared with trusted metadata, or a role disappeared from snapshot. */
public class RollbackAttackException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public RollbackAttackException(String message) {
        super(message);
    }

    public RollbackAttackException(String message, Throwable cause) {
        super(message, cause);
    }
}
