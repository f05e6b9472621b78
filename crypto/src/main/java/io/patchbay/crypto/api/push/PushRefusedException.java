package io.patchbay.crypto.api.push;

import java.util.Objects;

/** A push the client does not act on, with the reason. */
public final class PushRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final PushRefusal reason;

    public PushRefusedException(PushRefusal reason, String message) {
        super(reason.code() + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public PushRefusal reason() {
        return reason;
    }
}
