package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link Ed25519Check} against Bouncy Castle 1.87's verify with a decoded public
 * point (what Ed25519Verifier called before): the same answer on RFC 8032's vectors, on many random keys
 * and messages with and without damage, and on crafted edge cases: S not below L, R's y not below p, R not
 * on the curve, "negative zero" x, small-order and mixed-order R, mixed-order public keys. Points are
 * crafted with an independent BigInteger implementation of the curve ({@link ReferenceCurve}) where Bouncy Castle
 * offers none. Several crafted cases pass only the cofactored equation: both must accept them.
 */
class Ed25519CheckTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Bouncy Castle's answer, through the API the verifier used before. */
    private static boolean bc(byte[] pk, byte[] message, byte[] sig) {
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(pk, 0);
        assertNotNull(point, "test keys must pass Bouncy Castle's key validation");
        return sig.length == Ed25519.SIGNATURE_SIZE && Ed25519.verify(sig, 0, point, message, 0, message.length);
    }

    private static boolean ours(byte[] pk, byte[] message, byte[] sig) {
        Ed25519Check.Key key = Ed25519Check.Key.of(pk);
        assertNotNull(key, "a key Bouncy Castle accepts must decode here too");
        return Ed25519Check.verify(key, message, sig);
    }

    /** @return the common answer */
    private static boolean same(byte[] pk, byte[] message, byte[] sig) {
        boolean expected = bc(pk, message, sig);
        assertEquals(expected, ours(pk, message, sig), () -> "pk " + HEX.formatHex(pk) + " sig " + HEX.formatHex(sig)
                + " message of " + message.length + " bytes");
        return expected;
    }

    @Test
    void rfc8032Vectors() {
        String[][] vectors = {
            {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
            {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
            {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
        };
        for (String[] v : vectors) {
            byte[] pk = HEX.parseHex(v[0]);
            byte[] message = HEX.parseHex(v[1]);
            byte[] sig = HEX.parseHex(v[2]);
            assertTrue(same(pk, message, sig), v[0]);
            byte[] other = message.length == 0 ? new byte[] {0} : new byte[0];
            assertFalse(same(pk, other, sig));
        }
    }

    @Test
    void randomKeysMessagesAndDamage() {
        SecureRandom random = new SecureRandom(new byte[] {1, 2, 3});
        Random choose = new Random(7);
        int accepted = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] sk = new byte[32];
            random.nextBytes(sk);
            byte[] pk = new byte[32];
            Ed25519.generatePublicKey(sk, 0, pk, 0);
            byte[] message = new byte[choose.nextInt(i % 50 == 0 ? 200_000 : 300)];
            random.nextBytes(message);
            byte[] sig = new byte[64];
            Ed25519.sign(sk, 0, message, 0, message.length, sig, 0);
            if (same(pk, message, sig)) {
                accepted++;
            }
            byte[] bad = sig.clone();
            bad[choose.nextInt(64)] ^= (byte) (1 << choose.nextInt(8));
            same(pk, message, bad);
            if (message.length > 0) {
                byte[] changed = message.clone();
                changed[choose.nextInt(changed.length)] ^= 1;
                same(pk, changed, sig);
            }
            byte[] otherPk = new byte[32];
            byte[] otherSk = new byte[32];
            random.nextBytes(otherSk);
            Ed25519.generatePublicKey(otherSk, 0, otherPk, 0);
            same(otherPk, message, sig);
            same(pk, message, java.util.Arrays.copyOf(sig, 63 + choose.nextInt(2) * 2));
        }
        assertEquals(1500, accepted);
    }

    @Test
    void sNotBelowTheGroupOrderIsRefused() {
        ReferenceCurve.Signer signer = ReferenceCurve.Signer.random(new Random(1));
        byte[] message = "non-canonical S".getBytes();
        byte[] sig = signer.sign(message);
        assertTrue(same(signer.pk, message, sig));
        BigInteger s = ReferenceCurve.le(java.util.Arrays.copyOfRange(sig, 32, 64));
        for (BigInteger bad : new BigInteger[] {s.add(Ed25519Check.L), s.add(Ed25519Check.L.shiftLeft(1)), Ed25519Check.L,
            Ed25519Check.L.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(253)}) {
            if (bad.bitLength() > 256) {
                continue;
            }
            byte[] forged = sig.clone();
            System.arraycopy(ReferenceCurve.le32(bad), 0, forged, 32, 32);
            assertFalse(same(signer.pk, message, forged), bad.toString(16));
        }
    }

    @Test
    void rWithoutACanonicalOrValidEncodingIsRefused() {
        ReferenceCurve.Signer signer = ReferenceCurve.Signer.random(new Random(2));
        byte[] message = "R".getBytes();
        byte[] sig = signer.sign(message);
        List<byte[]> badR = new ArrayList<>();
        for (int j = 0; j < 19; j++) {           // y = p .. 2^255 - 1, both signs
            byte[] r = ReferenceCurve.le32(ReferenceCurve.P.add(BigInteger.valueOf(j)));
            badR.add(r.clone());
            r[31] |= (byte) 0x80;
            badR.add(r);
        }
        byte[] identityNegativeZero = ReferenceCurve.le32(BigInteger.ONE);   // y = 1 means x = 0: the sign bit may not be set
        identityNegativeZero[31] |= (byte) 0x80;
        badR.add(identityNegativeZero);
        Random random = new Random(3);
        int offCurve = 0;
        while (offCurve < 40) {                   // y with no x on the curve
            BigInteger y = new BigInteger(255, random).mod(ReferenceCurve.P);
            if (ReferenceCurve.xFor(y, 0) == null) {
                badR.add(ReferenceCurve.le32(y));
                offCurve++;
            }
        }
        for (byte[] r : badR) {
            byte[] forged = sig.clone();
            System.arraycopy(r, 0, forged, 0, 32);
            assertFalse(same(signer.pk, message, forged), HEX.formatHex(r));
        }
    }

    /**
     * Equations that hold, over encodings Bouncy Castle refuses: y = p (the point y = 0 of order 4),
     * y = p + 1 (the neutral element), y = 1 or y = p - 1 with the sign bit set (x = 0 cannot be "negative").
     * With S = k a the cofactored equation holds for each, so only the encoding check refuses them.
     */
    @Test
    void refusedEncodingsOfRAreRefusedEvenWhereTheEquationHolds() {
        Random random = new Random(9);
        ReferenceCurve.Signer signer = ReferenceCurve.Signer.random(random);
        byte[][] encodings = {ReferenceCurve.le32(ReferenceCurve.P), ReferenceCurve.le32(ReferenceCurve.P), ReferenceCurve.le32(ReferenceCurve.P.add(BigInteger.ONE)), ReferenceCurve.le32(BigInteger.ONE),
            ReferenceCurve.le32(ReferenceCurve.P.subtract(BigInteger.ONE))};
        encodings[1][31] |= (byte) 0x80;
        encodings[3][31] |= (byte) 0x80;
        encodings[4][31] |= (byte) 0x80;
        for (byte[] r : encodings) {
            byte[] message = "encoding".getBytes();
            BigInteger k = ReferenceCurve.k(r, signer.pk, message);
            byte[] sig = new byte[64];
            System.arraycopy(r, 0, sig, 0, 32);
            System.arraycopy(ReferenceCurve.le32(k.multiply(signer.a).mod(Ed25519Check.L)), 0, sig, 32, 32);
            assertFalse(same(signer.pk, message, sig), HEX.formatHex(r));
        }
        // The same points, encoded as they must be, pass (the equation is right, the encodings were not).
        for (ReferenceCurve.Point point : new ReferenceCurve.Point[] {new ReferenceCurve.Point(ReferenceCurve.xFor(BigInteger.ZERO, 0), BigInteger.ZERO),
            new ReferenceCurve.Point(BigInteger.ZERO, BigInteger.ONE), new ReferenceCurve.Point(BigInteger.ZERO, ReferenceCurve.P.subtract(BigInteger.ONE))}) {
            byte[] message = "encoding".getBytes();
            byte[] sig = signer.signWith(message, point, BigInteger.ZERO);
            assertTrue(same(signer.pk, message, sig), point.toString());
        }
    }

    /** R of small order, and R = [r]B + T: the cofactored equation holds, the cofactorless one does not. */
    @Test
    void torsionInRIsClearedByTheCofactorAsBouncyCastleClearsIt() {
        Random random = new Random(4);
        List<ReferenceCurve.Point> torsion = ReferenceCurve.torsion(random);
        assertEquals(8, torsion.size());
        ReferenceCurve.Signer signer = ReferenceCurve.Signer.random(random);
        int accepted = 0;
        for (ReferenceCurve.Point t : torsion) {
            for (int i = 0; i < 6; i++) {
                byte[] message = ("torsion " + i).getBytes();
                // R = T (small order, or the neutral element) with S = k a, or R = [r]B + T with S = r + k a.
                BigInteger rLog = i % 2 == 0 ? BigInteger.ZERO : new BigInteger(250, random);
                byte[] sig = signer.signWith(message, ReferenceCurve.B.times(rLog).plus(t), rLog);
                if (same(signer.pk, message, sig)) {
                    accepted++;
                }
                byte[] tampered = sig.clone();
                tampered[40] ^= 1;
                assertFalse(same(signer.pk, message, tampered));
            }
        }
        assertEquals(torsion.size() * 6, accepted, "cofactored verification accepts every crafted signature");
    }

    /** A = [a]B + T passes Bouncy Castle's key validation; [8] clears T from the equation. */
    @Test
    void mixedOrderPublicKeysAsBouncyCastleTreatsThem() {
        Random random = new Random(5);
        List<ReferenceCurve.Point> torsion = ReferenceCurve.torsion(random);
        for (ReferenceCurve.Point t : torsion) {
            BigInteger a = new BigInteger(252, random);
            ReferenceCurve.Point pA = ReferenceCurve.B.times(a).plus(t);
            byte[] pk = pA.encode();
            if (Ed25519.validatePublicKeyPartialExport(pk, 0) == null) {
                assertTrue(t.isNeutral() || a.signum() == 0, "only a small-order key is refused");
                continue;
            }
            ReferenceCurve.Signer signer = new ReferenceCurve.Signer(a, pA);
            for (int i = 0; i < 4; i++) {
                byte[] message = ("mixed " + i).getBytes();
                byte[] sig = signer.sign(message);
                assertTrue(same(pk, message, sig));
                byte[] other = ("other " + i).getBytes();
                assertFalse(same(pk, other, sig));
            }
        }
        // Small-order keys never get as far as a verifier: Bouncy Castle refuses them.
        for (ReferenceCurve.Point t : torsion) {
            assertNull(Ed25519.validatePublicKeyPartialExport(t.encode(), 0), t.toString());
        }
    }

    @Test
    void keysDecodeToTheirOwnEncodingAndTheNafSumsToTheScalar() {
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            ReferenceCurve.Point p = ReferenceCurve.B.times(new BigInteger(252, random));
            byte[] encoded = p.encode();
            EdwardsPoints.Affine decoded = EdwardsPoints.decode(encoded);
            assertNotNull(decoded);
            assertArrayEquals(encoded, EdwardsPoints.encode(decoded));
            assertNotNull(Ed25519Check.Key.of(encoded));
        }
        for (int width : new int[] {5, 7}) {
            for (int i = 0; i < 2000; i++) {
                BigInteger n = i < 3 ? new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, Ed25519Check.L.subtract(BigInteger.ONE)}[i]
                        : new BigInteger(253, random).mod(Ed25519Check.L);
                byte[] naf = Ed25519Check.naf(ReferenceCurve.le32(n), width);
                BigInteger sum = BigInteger.ZERO;
                int lastNonZero = -width;
                for (int pos = 0; pos < naf.length; pos++) {
                    if (naf[pos] != 0) {
                        assertTrue((naf[pos] & 1) != 0 && Math.abs(naf[pos]) < (1 << (width - 1)), "digit " + naf[pos]);
                        assertTrue(pos - lastNonZero >= width, "digits too close");
                        lastNonZero = pos;
                        sum = sum.add(BigInteger.valueOf(naf[pos]).shiftLeft(pos));
                    }
                }
                assertEquals(n, sum);
            }
        }
    }
}
