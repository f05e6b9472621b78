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

    /**
     * Decodes the raw key bytes.
     *
     * @param raw the 32 raw bytes (RFC 7748); copied
     * @return the validated key
     * @throws KeyEncodingException unless the bytes are a valid X25519 public key (canonical, not of small order)
     */
    public static SealingPublicKey fromRaw(byte[] raw) {
        return new SealingPublicKey(Objects.requireNonNull(raw, "raw").clone());
    }

    /**
     * Decodes the base64url form, as {@link #base64Url()} writes it.
     *
     * @param text canonical unpadded base64url of the 32 raw bytes; not null
     * @return the validated key
     * @throws KeyEncodingException unless the text is canonical base64url of a valid X25519 public key
     */
    public static SealingPublicKey fromBase64Url(String text) {
        return new SealingPublicKey(SigningPublicKey.decode(text));
    }

    /**
     * Decodes the DER form, as {@link #spki()} writes it.
     *
     * @param der the exact 44-byte DER SubjectPublicKeyInfo of an X25519 key
     * @return the validated key
     * @throws KeyEncodingException if the DER is any other structure or the key is not valid
     */
    public static SealingPublicKey fromSpki(byte[] der) {
        return new SealingPublicKey(KeyCodec.rawFromSpki(KeyCodec.Kind.X25519, der));
    }

    /**
     * Decodes the PEM form, as {@link #toPem()} writes it (and OpenSSL's {@code pkey -pubout}).
     *
     * @param pem exactly one {@code PUBLIC KEY} block, at most 16 KiB
     * @return the validated key
     * @throws KeyEncodingException if the text is not one such block holding a valid X25519 key
     */
    public static SealingPublicKey fromPem(String pem) {
        return fromSpki(SigningPublicKey.pemDecode(Pem.PUBLIC_KEY, pem));
    }

    /**
     * The wire form inside signed metadata and messages.
     *
     * @return the 32 raw bytes, a new array
     */
    public byte[] raw() {
        return raw.clone();
    }

    /**
     * The text form used in JSON and configuration, and as the key's identity in {@link #toString()}.
     *
     * @return 43 characters of unpadded base64url
     */
    public String base64Url() {
        return Base64Url.encode(raw);
    }

    /**
     * The DER SubjectPublicKeyInfo (RFC 8410), what X.509 tools and {@code PublicKey.getEncoded()} use.
     *
     * @return 44 bytes of DER, a new array
     */
    public byte[] spki() {
        return KeyCodec.spki(KeyCodec.Kind.X25519, raw);
    }

    /**
     * The PEM form of {@link #spki()}, for public key files.
     *
     * @return one {@code PUBLIC KEY} block with "\n" line ends
     */
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
