package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What {@link Ed25519CheckTest}'s differential tests do not reach: the exact edges of S's and R's y's ranges
 * (compared byte by byte, down to the lowest byte), and the per-thread SHA-512 digest: a thread's first check (no
 * digest cached yet) and a check after one that failed half-way through hashing must both hash only
 * their own R, key and message.
 */
class Ed25519CheckStateTest {

    private static final BigInteger L = Ed25519Check.L;

    @Test
    void sIsBelowLExactlyUpToTheLowestByte() {
        assertTrue(Ed25519Check.lessThanL(ReferenceCurve.le32(BigInteger.ZERO)));
        assertTrue(Ed25519Check.lessThanL(ReferenceCurve.le32(L.subtract(BigInteger.ONE))));
        // L - 1 and L differ only in the lowest byte; so do L - 0x10 and L + 1.
        assertTrue(Ed25519Check.lessThanL(ReferenceCurve.le32(L.subtract(BigInteger.valueOf(0x10)))));
        assertFalse(Ed25519Check.lessThanL(ReferenceCurve.le32(L)));
        assertFalse(Ed25519Check.lessThanL(ReferenceCurve.le32(L.add(BigInteger.ONE))));
        // A difference in the top byte decides before the lower ones.
        assertTrue(Ed25519Check.lessThanL(ReferenceCurve.le32(L.subtract(BigInteger.ONE.shiftLeft(248)).add(BigInteger.ONE.shiftLeft(200)))));
        assertFalse(Ed25519Check.lessThanL(ReferenceCurve.le32(BigInteger.ONE.shiftLeft(253))));
    }

    /**
     * R's y (sign bit cleared) must be below p = 2^255 - 19: only numbers whose bytes 1..30 are all 0xff and whose
     * top byte is 0x7f can reach p, and then the lowest byte decides (0xec is p - 1, 0xed is p).
     */
    @Test
    void yIsBelowPExactlyUpToTheLowestByte() {
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        BigInteger top = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);
        assertTrue(Ed25519Check.canonicalY(ReferenceCurve.le32(BigInteger.ZERO)));
        assertTrue(Ed25519Check.canonicalY(ReferenceCurve.le32(p.subtract(BigInteger.ONE))));
        assertFalse(Ed25519Check.canonicalY(ReferenceCurve.le32(p)));
        assertFalse(Ed25519Check.canonicalY(ReferenceCurve.le32(top)));
        // a byte between the top and the lowest below 0xff decides, whatever the lowest byte is
        for (int bit : new int[] {8, 100, 247}) {
            byte[] y = ReferenceCurve.le32(top.clearBit(bit));
            assertTrue(Ed25519Check.canonicalY(y), "2^255 - 1 - 2^" + bit);
        }
        // the sign bit is not part of y
        byte[] signed = ReferenceCurve.le32(p.subtract(BigInteger.ONE));
        signed[31] |= (byte) 0x80;
        assertTrue(Ed25519Check.canonicalY(signed));
        signed = ReferenceCurve.le32(p);
        signed[31] |= (byte) 0x80;
        assertFalse(Ed25519Check.canonicalY(signed));
    }

    @Test
    void aThreadsFirstCheckHashesWithAFreshDigest() throws Exception {
        ReferenceCurve.Signer signer = ReferenceCurve.Signer.random(new Random(11));
        byte[] message = "first on this thread".getBytes(StandardCharsets.UTF_8);
        byte[] sig = signer.sign(message);
        Ed25519Check.Key key = Ed25519Check.Key.of(signer.pk);
        assertNotNull(key);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.set(Ed25519Check.verify(key, message, sig) && Ed25519Check.verify(key, message, sig));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        thread.start();
        thread.join();
        assertTrue(Boolean.TRUE.equals(outcome.get()), () -> "on a fresh thread: " + outcome.get());
    }

    @Test
    void aCheckThatFailedWhileHashingLeavesNothingForTheNext() {
        ReferenceCurve.Signer signer = ReferenceCurve.Signer.random(new Random(12));
        byte[] message = "after a failure".getBytes(StandardCharsets.UTF_8);
        byte[] sig = signer.sign(message);
        Ed25519Check.Key key = Ed25519Check.Key.of(signer.pk);
        assertNotNull(key);
        assertTrue(Ed25519Check.verify(key, message, sig));
        // No message: hashing fails after R and the key went into the thread's digest.
        assertThrows(NullPointerException.class, () -> Ed25519Check.verify(key, null, sig));
        assertTrue(Ed25519Check.verify(key, message, sig));
    }

    /** The digits equal those of the textbook width-w NAF (n mods 2^w, subtract, shift), position by position. */
    @Test
    void nafDigitsAreTheTextbookOnes() {
        Random random = new Random(13);
        for (int width : new int[] {5, 7}) {
            for (int i = 0; i < 3000; i++) {
                BigInteger n = switch (i) {
                    case 0 -> BigInteger.ONE.shiftLeft(252).subtract(BigInteger.ONE); // all ones: every window negative
                    case 1 -> L.subtract(BigInteger.ONE);
                    case 2 -> BigInteger.valueOf((1L << width) - 1);
                    case 3 -> BigInteger.valueOf(1L << (width - 1)).add(BigInteger.ONE);
                    default -> new BigInteger(253, random).mod(L);
                };
                byte[] expected = new byte[257];
                BigInteger rest = n;
                for (int pos = 0; rest.signum() > 0; pos++) {
                    if (rest.testBit(0)) {
                        int digit = rest.intValue() & ((1 << width) - 1);
                        if (digit >= 1 << (width - 1)) {
                            digit -= 1 << width;
                        }
                        expected[pos] = (byte) digit;
                        rest = rest.subtract(BigInteger.valueOf(digit));
                    }
                    rest = rest.shiftRight(1);
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
                        Ed25519Check.naf(ReferenceCurve.le32(n), width), n.toString(16));
            }
        }
    }
}
