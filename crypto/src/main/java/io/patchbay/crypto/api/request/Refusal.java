package io.patchbay.crypto.api.request;

/**
 * Why a signed request was refused, with the HTTP status a server should answer. The verifier checks in
 * this order, cheapest first, and reports the first failure: presence, size, syntax, time window, client
 * lookup, signature, and last the nonce (recorded only for a request whose signature verified).
 */
public enum Refusal {
    /** A signature header is absent (or empty). */
    MISSING_HEADER(401),
    /** A header, the method or the request target is over its bound; nothing of it was parsed. */
    OVERSIZED(431),
    /** A value is not in its one accepted form (bad base64url, wrong length, repeated header, bad digits). */
    MALFORMED(400),
    /** The timestamp is outside the skew window of the server's clock, in the past or in the future. */
    STALE(401),
    /** No client has this id. */
    UNKNOWN_CLIENT(401),
    /** The client's keys were revoked by an operator: it must enroll again. */
    REVOKED(403),
    /** The signature does not verify with the client's current key, nor with a previous key still in its overlap. */
    BAD_SIGNATURE(401),
    /** The nonce was already used by this client within the window: a replay. */
    REPLAYED(401),
    /**
     * The replay cache is full of unexpired nonces and cannot remember another one, so the request is
     * refused rather than accepted unprotected (fail closed). Not the client's fault: retry later.
     */
    OVERLOADED(503);

    private final int httpStatus;

    Refusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /**
     * The status a server should answer with (OVERLOADED with a Retry-After).
     *
     * @return 400, 401, 403, 431 or 503
     */
    public int httpStatus() {
        return httpStatus;
    }
}
