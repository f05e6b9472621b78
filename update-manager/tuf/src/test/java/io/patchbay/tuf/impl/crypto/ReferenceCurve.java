package io.patchbay.tuf.impl.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An independent, slow implementation of edwards25519 with BigInteger, to craft points and signatures that
 * {@link Ed25519CheckTest} holds our check and Bouncy Castle's to (Ed25519Check must not be its own oracle).
 */
final class ReferenceCurve {
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    static final Point B = new Point(xFor(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P), 0),
            BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P));

    record Point(BigInteger x, BigInteger y) {
        Point plus(Point o) {
            BigInteger t = D.multiply(x).multiply(o.x).multiply(y).multiply(o.y).mod(P);
            BigInteger x3 = x.multiply(o.y).add(y.multiply(o.x)).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
            BigInteger y3 = y.multiply(o.y).add(x.multiply(o.x)).multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P)).mod(P);
            return new Point(x3, y3);
        }

        Point times(BigInteger n) {
            Point result = new Point(BigInteger.ZERO, BigInteger.ONE);
            for (int i = n.bitLength() - 1; i >= 0; i--) {
                result = result.plus(result);
                if (n.testBit(i)) {
                    result = result.plus(this);
                }
            }
            return result;
        }

        boolean isNeutral() {
            return x.signum() == 0 && y.equals(BigInteger.ONE);
        }

        byte[] encode() {
            byte[] out = le32(y);
            if (x.testBit(0)) {
                out[31] |= (byte) 0x80;
            }
            return out;
        }
    }

    /** x with the given parity for y, or null if there is none. */
    static BigInteger xFor(BigInteger y, int parity) {
        BigInteger u = y.multiply(y).subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y).multiply(y).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        if (!x.multiply(x).mod(P).equals(x2)) {
            return null;
        }
        return x.testBit(0) == (parity == 1) ? x : P.subtract(x).mod(P);
    }

    /** The eight points of order dividing 8. */
    static List<Point> torsion(Random random) {
        while (true) {
            BigInteger y = new BigInteger(255, random).mod(P);
            BigInteger x = xFor(y, 0);
            if (x == null) {
                continue;
            }
            Point t = new Point(x, y).times(Ed25519Check.L);
            if (t.times(BigInteger.valueOf(4)).isNeutral()) {
                continue; // order below 8
            }
            List<Point> all = new ArrayList<>();
            Point q = new Point(BigInteger.ZERO, BigInteger.ONE);
            for (int i = 0; i < 8; i++) {
                all.add(q);
                q = q.plus(t);
            }
            return all;
        }
    }

    static BigInteger le(byte[] bytes) {
        byte[] big = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            big[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, big);
    }

    static byte[] le32(BigInteger n) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = n.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    /** Signs with secret scalar a: R = [r]B (or a crafted R), S = r + k a mod L. */
    static final class Signer {
        final BigInteger a;
        final byte[] pk;

        Signer(BigInteger a, Point pA) {
            this.a = a;
            this.pk = pA.encode();
        }

        static Signer random(Random random) {
            BigInteger a = new BigInteger(252, random).add(BigInteger.ONE);
            return new Signer(a, B.times(a));
        }

        byte[] sign(byte[] message) {
            BigInteger r = new BigInteger(252, new Random(message.length * 31L + message[0]));
            return signWith(message, B.times(r), r);
        }

        /** @param r the discrete logarithm of R's prime-order part (R may have a small-order part too) */
        byte[] signWith(byte[] message, Point pointR, BigInteger r) {
            byte[] encodedR = pointR.encode();
            BigInteger k = k(encodedR, pk, message);
            BigInteger s = r.add(k.multiply(a)).mod(Ed25519Check.L);
            byte[] sig = new byte[64];
            System.arraycopy(encodedR, 0, sig, 0, 32);
            System.arraycopy(le32(s), 0, sig, 32, 32);
            return sig;
        }
    }

    static BigInteger k(byte[] r, byte[] pk, byte[] message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(r);
            sha.update(pk);
            sha.update(message);
            return le(sha.digest()).mod(Ed25519Check.L);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
