package io.patchbay.crypto.api.request;

/**
 * A signed request that must not be acted on. Checked, so that a server cannot forget to answer it with a
 * refusal. The message is meant for the client (it says what is wrong, never anything secret); nothing of
 * the request may be written.
 */
public class RequestRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    private final Refusal reason;

    /**
     * @param reason  why the request was refused (it decides the HTTP status)
     * @param message what is wrong, for the client; after the reason in {@link #getMessage()}
     */
    public RequestRefusedException(Refusal reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /**
     * The reason, for the HTTP status ({@link Refusal#httpStatus()}) and for counting refusals by kind.
     *
     * @return the reason given at construction
     */
    public Refusal reason() {
        return reason;
    }
}
