package io.patchbay.crypto.api.push;

import io.patchbay.crypto.api.SigningPublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A push key's id: the SHA-256 of its raw 32 bytes, so the client finds the key without trying each. */
final class PushKeyIds {
    private PushKeyIds() {
    }

    static byte[] of(SigningPublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.raw());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
