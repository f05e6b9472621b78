package io.patchbay.tuf.api;

/** Delegation search visited more roles than allowed, or met a cycle. */
public class DelegationLimitException extends VerificationException {
    private static final long serialVersionUID = 1L;

    public DelegationLimitException(String message) {
        super(message);
    }

    public DelegationLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
