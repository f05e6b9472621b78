package io.patchbay.tuf.api;

/** Delegation search visited more roles than allowed, or met a cycle. */
public class DelegationLimitException extends VerificationException {
    private static final long serialVersionUID = 1L;

    /** @param message the target path and the limit reached, or the roles of the cycle */
    public DelegationLimitException(String message) {
        super(message);
    }

    /**
     * @param message the target path and the limit reached, or the roles of the cycle
     * @param cause   the failure underneath
     */
    public DelegationLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
