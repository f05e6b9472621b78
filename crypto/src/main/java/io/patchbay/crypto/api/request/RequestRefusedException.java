package io.patchbay.crypto.api.request;

/**
 * A signed request that must not be acted on. Checked, so that a server cannot forget to answer it with a
 * refusal. The message is meant for the client (it says what is wrong, never anything secret); nothing of
 * the request may be written.
 */
public class RequestRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Refusal reason;

    public RequestRefusedException(Refusal reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Refusal reason() {
        return reason;
    }
}
