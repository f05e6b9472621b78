package io.patchbay.crypto.api.request;

import java.time.Instant;

/**
 * Remembers the nonces of accepted requests until their timestamps leave the skew window, so a replay
 * inside the window is caught (outside it, the timestamp check refuses the request anyway). Shared by all
 * server nodes in a fleet (a database table), or in memory on one node ({@link InMemoryNonceStore}).
 */
public interface NonceStore {

    /**
     * Records a nonce atomically if this client has not used it before, or not since its entry expired.
     *
     * @param clientId  the client that signed the request; nonces are per client, so two clients may use
     *                  the same one
     * @param nonce     the Patchbay-Nonce value, as received (canonical base64url)
     * @param expiresAt the instant from which the entry may be forgotten (the verifier passes the first
     *                  instant at which the request's timestamp falls outside the window)
     * @return true if this is the nonce's first use (now recorded), false if it was already recorded: a replay
     * @throws NonceStoreFullException if the store cannot record another nonce; it must never then answer
     *         true without recording (that would accept replays)
     */
    boolean firstUse(String clientId, String nonce, Instant expiresAt);
}
