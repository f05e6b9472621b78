package io.patchbay.server.store;

import java.security.MessageDigest;
import java.time.Instant;

/**
 * An enrolled client. During a key rotation the previous signing key stays valid until
 * {@code previousKeyValidUntil}, so requests signed just before the switch still verify.
 *
 * @param id                    the client id
 * @param signingKey            raw Ed25519 public key its requests are signed with
 * @param sealingKey            raw X25519 public key pushes are sealed to
 * @param channel               the assigned channel
 * @param enrolledAt            when it enrolled
 * @param revokedAt             when an operator revoked it, or null
 * @param previousSigningKey    the signing key before the last rotation, or null
 * @param previousKeyValidUntil until when that key is still accepted, or null
 */
public record ClientRecord(String id, byte[] signingKey, byte[] sealingKey, String channel, Instant enrolledAt,
                           Instant revokedAt, byte[] previousSigningKey, Instant previousKeyValidUntil) {

    /**
     * Copies the keys, so the record stays immutable.
     *
     * @param id                    the client id
     * @param signingKey            raw Ed25519 public key (copied)
     * @param sealingKey            raw X25519 public key for sealed pushes (copied)
     * @param channel               the assigned channel
     * @param enrolledAt            when it enrolled
     * @param revokedAt             when an operator revoked it, or null
     * @param previousSigningKey    the key before the last rotation, or null (copied)
     * @param previousKeyValidUntil until when that key is still accepted, or null
     */
    public ClientRecord {
        signingKey = signingKey.clone();
        sealingKey = sealingKey.clone();
        previousSigningKey = previousSigningKey == null ? null : previousSigningKey.clone();
    }

    /**
     * The signing key.
     *
     * @return a copy of the raw Ed25519 public key
     */
    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /**
     * The sealing key.
     *
     * @return a copy of the raw X25519 public key
     */
    @Override
    public byte[] sealingKey() {
        return sealingKey.clone();
    }

    /**
     * The key before the last rotation.
     *
     * @return a copy, or null when there was no rotation
     */
    @Override
    public byte[] previousSigningKey() {
        return previousSigningKey == null ? null : previousSigningKey.clone();
    }

    /**
     * Whether an operator revoked the client.
     *
     * @return true when {@code revokedAt} is set
     */
    public boolean revoked() {
        return revokedAt != null;
    }

    /**
     * Whether a request signed with {@code key} may be accepted at {@code now}: the current key, or the
     * previous one inside its overlap; never for a revoked client. Compared in constant time.
     *
     * @param key the raw public key the request was signed with; null is refused
     * @param now the time to judge the overlap at
     * @return true when the key may sign for this client now
     */
    public boolean acceptsSigningKey(byte[] key, Instant now) {
        if (revoked() || key == null) {
            return false;
        }
        if (MessageDigest.isEqual(signingKey, key)) {
            return true;
        }
        return previousSigningKey != null && previousKeyValidUntil != null && now.isBefore(previousKeyValidUntil)
                && MessageDigest.isEqual(previousSigningKey, key);
    }
}
