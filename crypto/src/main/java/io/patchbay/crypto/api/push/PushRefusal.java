package io.patchbay.crypto.api.push;

import java.util.Locale;

/** Why a client refused a push, in the order its checks run. */
public enum PushRefusal {
    /** Larger than {@link PushFormat#MAX_SEALED_BYTES} (checked before any work). */
    OVERSIZE,
    /** Does not open with the client's sealing key: sealed to another client, truncated or altered. */
    UNOPENABLE,
    /** Opens, but the content is not a well-formed push. */
    MALFORMED,
    /** Signed by a key that is not a push key in the client's trusted root. */
    UNKNOWN_KEY,
    /** The signature does not verify with the push key it names. */
    BAD_SIGNATURE,
    /** Addressed to another client. */
    WRONG_AUDIENCE,
    /** An action or urgency outside the fixed set. */
    UNKNOWN_ACTION,
    /** Past its expiry, beyond the allowed clock skew. */
    EXPIRED,
    /** Issued in the future, beyond the allowed clock skew. */
    NOT_YET_VALID,
    /** The counter of the last accepted push again: a replay (the client's check). */
    REPLAYED,
    /** A counter below the last accepted one (the client's check). */
    STALE_COUNTER,
    /** Valid, but over the client's rate limit: dropped and counted (the client's check). */
    RATE_LIMITED;

    /**
     * The reason as reported and logged, e.g. {@code bad_signature}; stable, so dashboards may count by it.
     *
     * @return the lower-case name
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
