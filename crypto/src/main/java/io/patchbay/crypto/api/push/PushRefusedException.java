package io.patchbay.crypto.api.push;

import java.util.Objects;

/** A push the client does not act on, with the reason. */
public final class PushRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Why the push was refused; never null. */
    private final PushRefusal reason;

    /**
     * @param reason  why the push was refused; not null
     * @param message the detail, after the reason's code in {@link #getMessage()}; no secret material
     */
    public PushRefusedException(PushRefusal reason, String message) {
        super(reason.code() + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * The reason, for callers that count or react to refusals by kind.
     *
     * @return the reason; never null
     */
    public PushRefusal reason() {
        return reason;
    }
}
