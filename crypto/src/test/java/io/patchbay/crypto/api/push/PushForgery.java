package io.patchbay.crypto.api.push;

import io.patchbay.crypto.api.SealedBox;
import io.patchbay.crypto.api.SealingPublicKey;
import io.patchbay.crypto.api.SigningKeyPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Builds pushes an honest server never sends, for tests of every refusal: any action or urgency code, any counter
 * and times, a signature by one key under another key's id, a flipped signature bit, raw inner bytes.
 */
public final class PushForgery {

    private final SecureRandom random;
    private int actionCode = PushAction.CHECK_NOW.code();
    private int urgencyCode = PushUrgency.URGENT.code();
    private long counter = 1;
    private long issuedAt;
    private long expiresAt;
    private String audience = "client";
    private SigningKeyPair signer;
    private byte[] claimedKeyId;
    private boolean flipSignature;

    public PushForgery(SecureRandom random) {
        this.random = random;
    }

    /** Starts from a well-formed message (then change what the test attacks). */
    public PushForgery from(PushMessage message, SigningKeyPair key) {
        actionCode = message.action().code();
        urgencyCode = message.urgency().code();
        counter = message.counter();
        issuedAt = message.issuedAt().getEpochSecond();
        expiresAt = message.expiresAt().getEpochSecond();
        audience = message.audience();
        signer = key;
        claimedKeyId = PushKeyIds.of(key.publicKey());
        return this;
    }

    public PushForgery actionCode(int code) {
        actionCode = code;
        return this;
    }

    public PushForgery urgencyCode(int code) {
        urgencyCode = code;
        return this;
    }

    public PushForgery counter(long value) {
        counter = value;
        return this;
    }

    public PushForgery times(long issuedAtEpochSecond, long expiresAtEpochSecond) {
        issuedAt = issuedAtEpochSecond;
        expiresAt = expiresAtEpochSecond;
        return this;
    }

    public PushForgery audience(String value) {
        audience = value;
        return this;
    }

    /** Signs with {@code key} (its own id unless {@link #claimKeyOf} names another). */
    public PushForgery signer(SigningKeyPair key) {
        signer = key;
        claimedKeyId = PushKeyIds.of(key.publicKey());
        return this;
    }

    /** Names {@code trusted}'s key id while signing with another key. */
    public PushForgery claimKeyOf(SigningKeyPair trusted) {
        claimedKeyId = PushKeyIds.of(trusted.publicKey());
        return this;
    }

    public PushForgery flipSignature() {
        flipSignature = true;
        return this;
    }

    public byte[] body() {
        byte[] aud = audience.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + 1 + 1 + 8 + 8 + 8 + 1 + aud.length).put(PushFormat.MAGIC)
                .put((byte) actionCode).put((byte) urgencyCode).putLong(counter).putLong(issuedAt).putLong(expiresAt)
                .put((byte) aud.length).put(aud).array();
    }

    /** The inner (signed, unsealed) bytes. */
    public byte[] inner() {
        byte[] body = body();
        byte[] signature = signer.sign(PushFormat.signedBytes(body));
        if (flipSignature) {
            signature[10] ^= 1;
        }
        return ByteBuffer.allocate(body.length + 32 + 64).put(body).put(claimedKeyId).put(signature).array();
    }

    public byte[] sealTo(SealingPublicKey recipient) {
        return sealRaw(inner(), recipient, random);
    }

    /** Seals arbitrary bytes as if they were a push (for malformed inner messages). */
    public static byte[] sealRaw(byte[] inner, SealingPublicKey recipient, SecureRandom random) {
        return SealedBox.seal(recipient, PushFormat.HPKE_INFO, PushFormat.AAD, inner, random);
    }
}
