package io.patchbay.server.store;

import java.time.Instant;

/**
 * A freshly issued token. The plain value exists only here: the database keeps its SHA-256 hash, so it is
 * shown to the operator once and cannot be read back.
 *
 * @param id        the token's id (safe to show and log)
 * @param token     the secret value; not printed by {@link #toString()}
 * @param expiresAt when it expires; null for tokens that do not (admin tokens)
 */
public record IssuedToken(String id, String token, Instant expiresAt) {
    @Override
    public String toString() {
        // Keep the secret out of logs that print the record.
        return "IssuedToken[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
