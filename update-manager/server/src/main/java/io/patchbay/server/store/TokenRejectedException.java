package io.patchbay.server.store;

/**
 * A one-time or bearer token was not accepted. The reason is for the server's log; an API should answer
 * the caller with one uniform refusal, so a prober cannot tell "used" from "never existed".
 */
public class TokenRejectedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** Why the token was refused. */
    public enum Reason {
        /** No such token. */
        UNKNOWN,
        /** A one-time token that was used already. */
        ALREADY_USED,
        /** Past its expiry. */
        EXPIRED
    }

    /** Why; part of the serialised form. */
    private final Reason reason;

    /**
     * A refusal.
     *
     * @param reason why, for the server's log
     */
    public TokenRejectedException(Reason reason) {
        super("token rejected: " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.reason = reason;
    }

    /**
     * Why the token was refused (log it; do not tell the caller).
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
