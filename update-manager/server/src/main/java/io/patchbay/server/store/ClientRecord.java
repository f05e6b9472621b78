package io.patchbay.server.store;

import java.security.MessageDigest;
import java.time.Instant;

/**
 * An enrolled client. During a key rotation the previous signing key stays valid until
 * {@code previousKeyValidUntil}, so requests signed just before the switch still verify.
 */
public record ClientRecord(String id, byte[] signingKey, byte[] sealingKey, String channel, Instant enrolledAt,
                           Instant revokedAt, byte[] previousSigningKey, Instant previousKeyValidUntil) {

    public ClientRecord {
        signingKey = signingKey.clone();
        sealingKey = sealingKey.clone();
        previousSigningKey = previousSigningKey == null ? null : previousSigningKey.clone();
    }

    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    @Override
    public byte[] sealingKey() {
        return sealingKey.clone();
    }

    @Override
    public byte[] previousSigningKey() {
        return previousSigningKey == null ? null : previousSigningKey.clone();
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /**
     * Whether a request signed with {@code key} may be accepted at {@code now}: the current key, or the
     * previous one inside its overlap; never for a revoked client. Compared in constant time.
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
