package io.patchbay.crypto.api;

import io.patchbay.crypto.api.KeyEncodingException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The one DER form of each key this module reads and writes, and the conversions to and from the JDK's key
 * objects. Ed25519 and X25519 keys have no parameters, so their SubjectPublicKeyInfo (RFC 8410) and their
 * PKCS#8 v1 private key are a fixed prefix followed by the 32 raw bytes; comparing the prefix byte for byte
 * is a complete and strict DER parse (any other length or byte is a different structure, refused).
 */
final class KeyCodec {

    public static final int KEY_BYTES = 32;

    private static final byte[] ED25519_SPKI = hex("302a300506032b6570032100");
    private static final byte[] X25519_SPKI = hex("302a300506032b656e032100");
    private static final byte[] ED25519_PKCS8 = hex("302e020100300506032b657004220420");
    private static final byte[] X25519_PKCS8 = hex("302e020100300506032b656e04220420");

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    /**
     * The canonical u-coordinates of the X25519 points of small order (0, 1, the two of order 8, and p-1).
     * A peer key among them forces a known shared secret; RFC 7748 section 6.1 leaves the check to the
     * protocol, and ours refuses them at decoding, before any agreement.
     */
    private static final Set<BigInteger> X25519_SMALL_ORDER = Set.of(
            BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
            new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
            new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"));

    private KeyCodec() {
    }

    public enum Kind {
        ED25519("Ed25519", ED25519_SPKI, ED25519_PKCS8),
        X25519("X25519", X25519_SPKI, X25519_PKCS8);

        final String jdkName;
        final byte[] spkiPrefix;
        final byte[] pkcs8Prefix;

        Kind(String jdkName, byte[] spkiPrefix, byte[] pkcs8Prefix) {
            this.jdkName = jdkName;
            this.spkiPrefix = spkiPrefix;
            this.pkcs8Prefix = pkcs8Prefix;
        }
    }

    public static byte[] spki(Kind kind, byte[] raw) {
        return concat(kind.spkiPrefix, raw);
    }

    public static byte[] pkcs8(Kind kind, byte[] rawPrivate) {
        return concat(kind.pkcs8Prefix, rawPrivate);
    }

    /** The raw public key inside an SPKI of this kind (not yet validated as a point). */
    public static byte[] rawFromSpki(Kind kind, byte[] der) {
        return strip(kind.spkiPrefix, der, kind.jdkName + " SubjectPublicKeyInfo");
    }

    /** The raw private key inside a PKCS#8 v1 structure of this kind. */
    public static byte[] rawFromPkcs8(Kind kind, byte[] der) {
        return strip(kind.pkcs8Prefix, der, kind.jdkName + " PKCS#8 private key (v1, no attributes)");
    }

    /**
     * Full validation of an Ed25519 public key: 32 bytes, y canonical (below p), a point of the curve,
     * and of prime order (so none of the small-order keys for which a signature can verify against many
     * messages).
     */
    public static void checkEd25519Public(byte[] raw) {
        checkLength(raw, "Ed25519 public key");
        if (!Ed25519.validatePublicKeyFull(raw, 0)) {
            throw new KeyEncodingException("Ed25519 public key is not canonical, not on the curve, or of small order");
        }
    }

    /** An X25519 public key: 32 bytes, top bit clear and u below p (canonical), not of small order. */
    public static void checkX25519Public(byte[] raw) {
        checkLength(raw, "X25519 public key");
        if ((raw[31] & 0x80) != 0) {
            throw new KeyEncodingException("X25519 public key is not canonical (top bit set)");
        }
        BigInteger u = littleEndian(raw);
        if (u.compareTo(P) >= 0) {
            throw new KeyEncodingException("X25519 public key is not canonical (u not below 2^255-19)");
        }
        if (X25519_SMALL_ORDER.contains(u)) {
            throw new KeyEncodingException("X25519 public key is a point of small order");
        }
    }

    public static PublicKey jdkPublic(Kind kind, byte[] raw) {
        try {
            return KeyFactory.getInstance(kind.jdkName).generatePublic(new X509EncodedKeySpec(spki(kind, raw)));
        } catch (GeneralSecurityException e) {
            throw new KeyEncodingException(kind.jdkName + " public key refused by the JDK: " + e.getMessage(), e);
        }
    }

    public static PrivateKey jdkPrivate(Kind kind, byte[] rawPrivate) {
        checkLength(rawPrivate, kind.jdkName + " private key");
        try {
            KeyFactory factory = KeyFactory.getInstance(kind.jdkName);
            return kind == Kind.ED25519
                    ? factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, rawPrivate))
                    : factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, rawPrivate));
        } catch (GeneralSecurityException e) {
            throw new KeyEncodingException(kind.jdkName + " private key refused by the JDK", e);
        }
    }

    /**
     * The public key of a private one. JDK 17 has no API for this (its key objects only come in pairs from
     * the generator), and a key read back from a file needs it, so Bouncy Castle's constant-time base-point
     * multiplication does it.
     */
    public static byte[] derivePublic(Kind kind, byte[] rawPrivate) {
        checkLength(rawPrivate, kind.jdkName + " private key");
        byte[] pub = new byte[KEY_BYTES];
        if (kind == Kind.ED25519) {
            Ed25519.generatePublicKey(rawPrivate, 0, pub, 0);
        } else {
            X25519.generatePublicKey(rawPrivate, 0, pub, 0);
        }
        return pub;
    }

    public static byte[] rawFromJdkPublic(Kind kind, PublicKey key) {
        return rawFromSpki(kind, key.getEncoded());
    }

    private static void checkLength(byte[] raw, String what) {
        if (raw.length != KEY_BYTES) {
            throw new KeyEncodingException(what + " must be " + KEY_BYTES + " bytes, got " + raw.length);
        }
    }

    private static byte[] strip(byte[] prefix, byte[] der, String what) {
        if (der.length != prefix.length + KEY_BYTES
                || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new KeyEncodingException("not an " + what + " (" + der.length + " bytes of DER)");
        }
        return Arrays.copyOfRange(der, prefix.length, der.length);
    }

    private static byte[] concat(byte[] prefix, byte[] raw) {
        checkLength(raw, "key");
        byte[] out = Arrays.copyOf(prefix, prefix.length + raw.length);
        System.arraycopy(raw, 0, out, prefix.length, raw.length);
        return out;
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] big = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            big[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, big);
    }

    private static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }
}
