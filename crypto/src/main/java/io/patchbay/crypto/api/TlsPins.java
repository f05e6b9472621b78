package io.patchbay.crypto.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;

/**
 * TLS key pins: SHA-256 over a certificate's DER SubjectPublicKeyInfo, in standard padded base64 (the
 * {@code pin-sha256} value of RFC 7469, 44 characters). Pinning the key, not the certificate, lets a
 * certificate be renewed over the same key without a pin change. Signed root metadata carries pins with
 * the {@code sha256/} prefix ({@link #PREFIX}, the OkHttp spelling); {@link #prefixed} gives that form.
 */
public final class TlsPins {

    /** The prefix of pins in signed root metadata and in configuration, {@code "sha256/"}. */
    public static final String PREFIX = "sha256/";
    private static final int DIGEST_BYTES = 32;

    private TlsPins() {
    }

    /**
     * The RFC 7469 pin-sha256 value of the certificate's public key.
     *
     * @param certificate the certificate whose key to pin; not null
     * @return 44 characters of padded standard base64, without the prefix
     */
    public static String pinSha256(X509Certificate certificate) {
        return pinSha256(Objects.requireNonNull(certificate, "certificate").getPublicKey());
    }

    /**
     * The RFC 7469 pin-sha256 value of a public key, for pinning a key before any certificate exists.
     *
     * @param key an X.509-encodable public key; not null
     * @return 44 characters of padded standard base64, without the prefix
     */
    public static String pinSha256(PublicKey key) {
        return pinOfSpki(key.getEncoded());
    }

    /**
     * The pin of an encoded key, for a key read from a file rather than held as a JDK object.
     *
     * @param spkiDer DER SubjectPublicKeyInfo (what {@code PublicKey.getEncoded()} returns for X.509 keys)
     * @return 44 characters of padded standard base64, without the prefix
     */
    public static String pinOfSpki(byte[] spkiDer) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spkiDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * The pin in the form of signed root metadata.
     *
     * @param certificate the certificate whose key to pin; not null
     * @return {@code "sha256/" + pinSha256(certificate)}
     */
    public static String prefixed(X509Certificate certificate) {
        return PREFIX + pinSha256(certificate);
    }

    /**
     * Whether a pin is usable. A malformed pin is ignored rather than compared, so it cannot match by accident.
     *
     * @param pin a pin without the prefix; null is not well formed
     * @return true for exactly the canonical spelling of a 32-byte digest in padded standard base64
     */
    public static boolean isWellFormed(String pin) {
        if (pin == null || pin.length() != 44) {
            return false;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(pin);
            return digest.length == DIGEST_BYTES && Base64.getEncoder().encodeToString(digest).equals(pin);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether the certificate's key is pinned.
     *
     * @param certificate the certificate to check (the leaf); not null
     * @param pins pin-sha256 values, with or without the {@code sha256/} prefix; malformed ones match nothing
     * @return whether the certificate's key is one of them
     */
    public static boolean matchesAny(X509Certificate certificate, Collection<String> pins) {
        String actual = pinSha256(certificate);
        for (String pin : pins) {
            String value = pin != null && pin.startsWith(PREFIX) ? pin.substring(PREFIX.length()) : pin;
            if (isWellFormed(value) && value.equals(actual)) {
                return true;
            }
        }
        return false;
    }
}
