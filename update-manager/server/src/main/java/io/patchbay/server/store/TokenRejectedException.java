package io.patchbay.server.store;

/**
 * A one-time or bearer token was not accepted. The reason is for the server's log; an API should answer
 * the caller with one uniform refusal, so a prober cannot tell "used" from "never existed".
 */
public class TokenRejectedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** Why the token was refused. */
    public enum Reason { UNKNOWN, ALREADY_USED, EXPIRED }

    private final Reason reason;

    public TokenRejectedException(Reason reason) {
        super("token rejected: " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
