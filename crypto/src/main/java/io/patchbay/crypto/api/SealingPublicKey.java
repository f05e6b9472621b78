package io.patchbay.crypto.api;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * An X25519 public key (RFC 7748), the key messages are sealed to. Decoding is strict: 32 bytes, canonical
 * (top bit clear, u below 2^255-19; RFC 7748 would mask and reduce, we refuse, as our own encoder never
 * sets them) and not one of the small-order points, which would force a known shared secret. Equal when
 * the raw bytes are equal. Immutable and thread-safe.
 */
public final class SealingPublicKey {

    private final byte[] raw;
    private final PublicKey jdkKey;

    private SealingPublicKey(byte[] raw) {
        KeyCodec.checkX25519Public(raw);
        this.raw = raw;
        this.jdkKey = KeyCodec.jdkPublic(KeyCodec.Kind.X25519, raw);
    }

    public static SealingPublicKey fromRaw(byte[] raw) {
        return new SealingPublicKey(Objects.requireNonNull(raw, "raw").clone());
    }

    public static SealingPublicKey fromBase64Url(String text) {
        return new SealingPublicKey(SigningPublicKey.decode(text));
    }

    /** @param der the exact 44-byte DER SubjectPublicKeyInfo of an X25519 key */
    public static SealingPublicKey fromSpki(byte[] der) {
        return new SealingPublicKey(KeyCodec.rawFromSpki(KeyCodec.Kind.X25519, der));
    }

    public static SealingPublicKey fromPem(String pem) {
        return fromSpki(SigningPublicKey.pemDecode(Pem.PUBLIC_KEY, pem));
    }

    public byte[] raw() {
        return raw.clone();
    }

    public String base64Url() {
        return Base64Url.encode(raw);
    }

    public byte[] spki() {
        return KeyCodec.spki(KeyCodec.Kind.X25519, raw);
    }

    public String toPem() {
        return Pem.encode(Pem.PUBLIC_KEY, spki());
    }

    PublicKey jdkKey() {
        return jdkKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealingPublicKey k && Arrays.equals(raw, k.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "X25519:" + base64Url();
    }
}
