package io.patchbay.crypto.api;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 public key, validated in full when decoded (32 bytes, canonical, on the curve, of prime
 * order), so a key that exists as an object is one signatures can be checked against. Its wire forms are
 * the 32 raw bytes (RFC 8032), their unpadded base64url, and PEM SubjectPublicKeyInfo (RFC 8410). Equal
 * when the raw bytes are equal. Immutable and thread-safe.
 */
public final class SigningPublicKey {

    /** Signature length (R and S, 32 bytes each). */
    public static final int SIGNATURE_BYTES = 64;

    private final byte[] raw;
    private final PublicKey jdkKey;

    private SigningPublicKey(byte[] raw) {
        KeyCodec.checkEd25519Public(raw);
        this.raw = raw;
        this.jdkKey = KeyCodec.jdkPublic(KeyCodec.Kind.ED25519, raw);
    }

    /**
     * Decodes the raw key bytes.
     *
     * @param raw the 32 raw bytes (RFC 8032); copied
     * @return the validated key
     * @throws KeyEncodingException unless the bytes are a valid Ed25519 public key (canonical, on the curve,
     *                              of prime order)
     */
    public static SigningPublicKey fromRaw(byte[] raw) {
        return new SigningPublicKey(Objects.requireNonNull(raw, "raw").clone());
    }

    /**
     * Decodes the base64url form, as {@link #base64Url()} writes it.
     *
     * @param text canonical unpadded base64url of the 32 raw bytes; not null
     * @return the validated key
     * @throws KeyEncodingException unless the text is canonical base64url of a valid Ed25519 public key
     */
    public static SigningPublicKey fromBase64Url(String text) {
        return new SigningPublicKey(decode(text));
    }

    /**
     * Decodes the DER form, as {@link #spki()} writes it.
     *
     * @param der the exact 44-byte DER SubjectPublicKeyInfo of an Ed25519 key
     * @return the validated key
     * @throws KeyEncodingException if the DER is any other structure or the key is not valid
     */
    public static SigningPublicKey fromSpki(byte[] der) {
        return new SigningPublicKey(KeyCodec.rawFromSpki(KeyCodec.Kind.ED25519, der));
    }

    /**
     * Decodes the PEM form, as {@link #toPem()} writes it (and OpenSSL's {@code pkey -pubout}).
     *
     * @param pem exactly one {@code PUBLIC KEY} block, at most 16 KiB
     * @return the validated key
     * @throws KeyEncodingException if the text is not one such block holding a valid Ed25519 key
     */
    public static SigningPublicKey fromPem(String pem) {
        return fromSpki(pemDecode(Pem.PUBLIC_KEY, pem));
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
        return KeyCodec.spki(KeyCodec.Kind.ED25519, raw);
    }

    /**
     * The PEM form of {@link #spki()}, for public key files.
     *
     * @return one {@code PUBLIC KEY} block with "\n" line ends
     */
    public String toPem() {
        return Pem.encode(Pem.PUBLIC_KEY, spki());
    }

    /**
     * Checks an Ed25519 signature. Only the 64-byte form with S below the group order counts, so a valid
     * signature has exactly one spelling (no S + L twin: signatures are not malleable). JDK 17's provider
     * refuses S + L too; the check is made here so that the rule does not depend on the provider. Never
     * throws for bad input: any malformed or null signature is simply not valid.
     *
     * @param message   the exact bytes that were signed
     * @param signature the 64-byte signature (R || S)
     * @return true if the signature over exactly this message was made by this key's private key
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_BYTES || !sBelowOrder(signature)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(jdkKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed R (not a curve point) surfaces as an exception in some JDK versions: not valid.
            return false;
        }
    }

    /** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
    private static final byte[] L = {
        (byte) 0xed, (byte) 0xd3, (byte) 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, (byte) 0xd6, (byte) 0x9c, (byte) 0xf7,
        (byte) 0xa2, (byte) 0xde, (byte) 0xf9, (byte) 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};

    private static boolean sBelowOrder(byte[] signature) {
        for (int i = 31; i >= 0; i--) {
            int s = signature[32 + i] & 0xff;
            int l = L[i] & 0xff;
            if (s != l) {
                return s < l;
            }
        }
        return false;
    }

    static byte[] decode(String text) {
        try {
            return Base64Url.decode(Objects.requireNonNull(text, "text"));
        } catch (IllegalArgumentException e) {
            throw new KeyEncodingException("key is " + e.getMessage(), e);
        }
    }

    static byte[] pemDecode(String type, String pem) {
        try {
            return Pem.decode(type, Objects.requireNonNull(pem, "pem"));
        } catch (KeyEncodingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new KeyEncodingException(e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningPublicKey k && Arrays.equals(raw, k.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519:" + base64Url();
    }
}
