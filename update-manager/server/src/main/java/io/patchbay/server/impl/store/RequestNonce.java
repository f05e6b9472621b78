package io.patchbay.server.impl.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The nonce of a verified signed request, to be recorded in the same transaction as the request's write:
 * a replay then rolls the write back, and a write that fails leaves no nonce behind.
 *
 * @param expiresAt when the nonce may be forgotten (the request's timestamp has left the skew window)
 */
public record RequestNonce(String clientId, String nonce, Instant expiresAt) {
    public RequestNonce {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
