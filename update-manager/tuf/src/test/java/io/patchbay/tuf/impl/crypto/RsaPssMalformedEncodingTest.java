package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.MGF1BytesGenerator;
import org.bouncycastle.crypto.params.MGFParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signatures that decrypt to a PSS encoding without the 0x01 separator: a data block of zeros only, or
 * with a stray byte before where the separator should be. They verify as false; none of them may throw.
 */
class RsaPssMalformedEncodingTest {

    private static final byte[] MESSAGE = "payload".getBytes(StandardCharsets.UTF_8);
    private static TestSigner signer;

    @BeforeAll
    static void key() {
        signer = TestKeys.rsaPss(2048);
    }

    /** The raw RSA signature of an encoded message: a 2048-bit key's EM is 256 bytes, top bit clear. */
    private static byte[] rawSign(byte[] dataBlock, byte[] hash) {
        RSAPrivateKey key = (RSAPrivateKey) signer.privateKey();
        int emLen = 256;
        int dbLen = emLen - 32 - 1;
        MGF1BytesGenerator mgf = new MGF1BytesGenerator(new SHA256Digest());
        mgf.init(new MGFParameters(hash));
        byte[] mask = new byte[dbLen];
        mgf.generateBytes(mask, 0, dbLen);
        byte[] em = new byte[emLen];
        for (int i = 0; i < dbLen; i++) {
            em[i] = (byte) (dataBlock[i] ^ mask[i]);
        }
        em[0] &= 0x7f;
        System.arraycopy(hash, 0, em, dbLen, 32);
        em[emLen - 1] = (byte) 0xbc;
        BigInteger s = new BigInteger(1, em).modPow(key.getPrivateExponent(), key.getModulus());
        byte[] raw = s.toByteArray();
        byte[] sig = new byte[256];
        int copy = Math.min(raw.length, 256);
        System.arraycopy(raw, raw.length - copy, sig, 256 - copy, copy);
        return sig;
    }

    @Test
    void encodingsWithoutTheSeparatorVerifyAsFalse() {
        RsaPssVerifier verifier = new RsaPssVerifier(signer.publicKey().publicValue());
        byte[] hash = new byte[32];
        for (int i = 0; i < 32; i++) {
            hash[i] = (byte) (i * 7 + 1);
        }
        byte[] zeros = new byte[256 - 33];
        assertFalse(verifier.verify(MESSAGE, rawSign(zeros, hash)), "data block of zeros only");
        byte[] stray = new byte[256 - 33];
        stray[10] = 0x02;
        stray[20] = 0x01;
        assertFalse(verifier.verify(MESSAGE, rawSign(stray, hash)), "a stray byte before the separator");
        byte[] separatorOnly = new byte[256 - 33];
        separatorOnly[separatorOnly.length - 1] = 0x01;
        assertFalse(verifier.verify(MESSAGE, rawSign(separatorOnly, hash)), "separator, wrong hash");
        assertTrue(verifier.verify(MESSAGE, signer.sign(MESSAGE)));
    }

    /** Numbers the public operation refuses (not below the modulus) and lengths other than the modulus's. */
    @Test
    void signaturesOutsideTheModulusRangeVerifyAsFalse() {
        RsaPssVerifier verifier = new RsaPssVerifier(signer.publicKey().publicValue());
        BigInteger n = ((RSAPrivateKey) signer.privateKey()).getModulus();
        byte[] modulus = java.util.Arrays.copyOfRange(n.toByteArray(), 1, 257); // n has its top bit set
        assertFalse(verifier.verify(MESSAGE, modulus), "s = n");
        byte[] allOnes = new byte[256];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        assertFalse(verifier.verify(MESSAGE, allOnes), "s = 2^2048 - 1");
        assertFalse(verifier.verify(MESSAGE, new byte[0]), "empty");
        assertFalse(verifier.verify(MESSAGE, new byte[256]), "s = 0");
        assertFalse(verifier.verify(MESSAGE, new byte[4096]), "oversized");
    }
}
