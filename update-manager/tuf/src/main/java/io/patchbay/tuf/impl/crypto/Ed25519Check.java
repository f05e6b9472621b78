package io.patchbay.tuf.impl.crypto;

import static io.patchbay.tuf.impl.crypto.EdwardsPoints.decode;
import static io.patchbay.tuf.impl.crypto.EdwardsPoints.encode;
import static io.patchbay.tuf.impl.crypto.EdwardsPoints.oddMultiples;

import io.patchbay.tuf.impl.crypto.EdwardsPoints.Affine;
import io.patchbay.tuf.impl.crypto.EdwardsPoints.Cached;
import io.patchbay.tuf.impl.crypto.EdwardsPoints.Extended;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Ed25519 signature verification (RFC 8032, section 5.1.7) with the JDK's SHA-512 and Bouncy Castle's
 * public field arithmetic ({@link X25519Field}), accepting exactly what Bouncy Castle 1.87's
 * {@code Ed25519.verify(sig, 0, PublicPoint, m, 0, len)} accepts:
 * <ul>
 *   <li>R's y coordinate (sign bit cleared) below p, R a point of the curve whose x is not 0 when the
 *       sign bit is set; S below the group order L;</li>
 *   <li>k = SHA-512(R || A || M) mod L and the cofactored equation [8][S]B = [8]R + [8][k]A. (Bouncy
 *       Castle checks [8]([v1 S]B - [v0]A - [v1]R) = O with a lattice split v0 = v1 k mod L of k; that is
 *       [v1] times the point above, and v1 is a non-zero number below 2^127, so both are zero together.)</li>
 * </ul>
 * The public key is decoded and validated by Bouncy Castle ({@code validatePublicKeyPartialExport}), as
 * before; this class only takes keys it decodes to the same point (see {@link Key#of}).
 *
 * <p>Why not Bouncy Castle's verify: it hashes with its own pure-Java SHA-512, which is most of the time
 * of a 190 KB hash-bin role, and on first use it computes several tables of base-point multiples, which
 * a one-shot client call paid for at start-up; the JDK's own Ed25519 was slower still. Everything here
 * is public data (keys, signatures, messages), so the arithmetic runs in variable time.
 * Ed25519CheckTest compares this with Bouncy Castle on random and crafted inputs. This class holds the
 * verify equation and the scalars (canonical encodings, k, NAF); the curve points are {@link EdwardsPoints}.
 */
final class Ed25519Check {

    /** The order of the base point, 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final byte[] L_BYTES = littleEndian(L);

    private static final int BASE_WIDTH = 7;
    private static final int KEY_WIDTH = 5;

    /** Odd multiples B, 3B, ..., 63B of the base point, for the width-7 NAF of S. */
    private static final Cached[] BASE;

    static {
        // The base point is the one with y = 4/5 and even x (RFC 8032, 5.1).
        byte[] b = new byte[32];
        b[0] = 0x58;
        for (int i = 1; i < 32; i++) {
            b[i] = 0x66;
        }
        Affine base = decode(b);
        BASE = oddMultiples(base, 1 << (BASE_WIDTH - 2));
    }

    private Ed25519Check() {
    }

    /** A public key decoded for checking: its encoding (hashed into k) and its odd multiples A .. 15A. */
    static final class Key {
        final byte[] encoded;
        final Cached[] multiples;

        private Key(byte[] encoded, Cached[] multiples) {
            this.encoded = encoded;
            this.multiples = multiples;
        }

        /**
         * @param encoded a key Bouncy Castle's partial validation accepted
         * @return null if this class does not decode it to a point that encodes back to the same bytes
         *         (the caller then keeps Bouncy Castle's verify for it)
         */
        static Key of(byte[] encoded) {
            if (encoded.length != 32 || !canonicalY(encoded)) {
                return null;
            }
            Affine point = decode(encoded);
            if (point == null || !java.util.Arrays.equals(encode(point), encoded)) {
                return null;
            }
            return new Key(encoded.clone(), oddMultiples(point, 1 << (KEY_WIDTH - 2)));
        }
    }

    private static final ThreadLocal<MessageDigest> SHA512 = new ThreadLocal<>();

    private static MessageDigest sha512() {
        MessageDigest digest = SHA512.get();
        if (digest == null) {
            try {
                digest = MessageDigest.getInstance("SHA-512");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-512 is mandatory in every JRE", e);
            }
            SHA512.set(digest);
        }
        return digest;
    }

    /** @param signature 64 bytes: R, then S */
    static boolean verify(Key key, byte[] message, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        byte[] r = java.util.Arrays.copyOfRange(signature, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(signature, 32, 64);
        if (!canonicalY(r) || !lessThanL(s)) {
            return false;
        }
        Affine pointR = decode(r);
        if (pointR == null) {
            return false;
        }
        MessageDigest digest = sha512();
        digest.reset();
        digest.update(r);
        digest.update(key.encoded);
        digest.update(message);
        byte[] k = littleEndian(new BigInteger(1, reverse(digest.digest())).mod(L));

        // E = [S]B - [k]A - R, then [8]E must be the neutral element.
        byte[] nafS = naf(s, BASE_WIDTH);
        byte[] nafK = naf(k, KEY_WIDTH);
        Extended e = Extended.neutral();
        int top = nafS.length - 1;
        while (top >= 0 && nafS[top] == 0 && nafK[top] == 0) {
            top--;
        }
        for (int i = top; i >= 0; i--) {
            int ds = nafS[i];
            int dk = nafK[i];
            // T is computed only where an addition follows (additions read it, doublings do not); after
            // the last position, subtracting R follows.
            boolean last = i == 0;
            e.twice(ds != 0 || dk != 0 || last);
            if (ds != 0) {
                e.add(BASE[Math.abs(ds) >> 1], ds < 0, dk != 0 || last);
            }
            if (dk != 0) {
                e.add(key.multiples[Math.abs(dk) >> 1], dk > 0, last);
            }
        }
        e.add(Cached.of(pointR), true, false);
        e.twice(false);
        e.twice(false);
        e.twice(false);
        return e.isNeutral();
    }

    // ---- encodings and scalars ----

    /** The y coordinate (sign bit cleared) is below p. */
    static boolean canonicalY(byte[] p) {
        if ((p[31] & 0x7f) != 0x7f) {
            return true;
        }
        for (int i = 30; i > 0; i--) {
            if (p[i] != (byte) 0xff) {
                return true;
            }
        }
        return (p[0] & 0xff) < 0xed;
    }

    /** The little-endian 256-bit number is below L. */
    static boolean lessThanL(byte[] s) {
        for (int i = 31; i >= 0; i--) {
            int a = s[i] & 0xff;
            int b = L_BYTES[i] & 0xff;
            if (a != b) {
                return a < b;
            }
        }
        return false;
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] r = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            r[i] = bytes[bytes.length - 1 - i];
        }
        return r;
    }

    /** 32 little-endian bytes of a number below 2^256. */
    private static byte[] littleEndian(BigInteger n) {
        byte[] big = n.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    /**
     * The width-w non-adjacent form of a little-endian scalar below 2^253: digits odd and below 2^(w-1)
     * in absolute value, or zero, at most one non-zero digit in any w consecutive positions.
     */
    static byte[] naf(byte[] scalar, int width) {
        int[] bits = new int[9];
        for (int i = 0; i < 32; i++) {
            bits[i >> 2] |= (scalar[i] & 0xff) << ((i & 3) << 3);
        }
        byte[] naf = new byte[257];
        int full = 1 << width;
        int half = full >> 1;
        int pos = 0;
        while (pos < 257) {
            if (((bits[pos >> 5] >>> (pos & 31)) & 1) == 0) {
                pos++;
                continue;
            }
            int window = window(bits, pos, width);
            int digit = window < half ? window : window - full;
            naf[pos] = (byte) digit;
            // The window's bits are not cleared: no later step reads below pos + width.
            if (digit < 0) {
                carry(bits, pos + width);
            }
            pos += width;
        }
        return naf;
    }

    private static int window(int[] bits, int pos, int width) {
        int word = pos >> 5;
        int shift = pos & 31;
        long v = (bits[word] & 0xffffffffL) >>> shift;
        if (shift + width > 32 && word + 1 < bits.length) {
            v |= (bits[word + 1] & 0xffffffffL) << (32 - shift);
        }
        return (int) (v & ((1 << width) - 1));
    }

    private static void carry(int[] bits, int pos) {
        for (int i = pos; i < 288; i++) {
            int mask = 1 << (i & 31);
            if ((bits[i >> 5] & mask) == 0) {
                bits[i >> 5] |= mask;
                return;
            }
            bits[i >> 5] &= ~mask;
        }
    }
}
