package io.patchbay.tuf.impl.crypto;

import io.patchbay.tuf.testing.TestSigner;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.impl.crypto.Signatures;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** securesystemslib verifies RSA-PSS with PSS.AUTO: any salt length must verify, other digests must not. */
class RsaPssSaltLengthTest {

    private static final byte[] MESSAGE = "payload".getBytes(StandardCharsets.UTF_8);
    private static TestSigner signer;

    @BeforeAll
    static void key() {
        signer = TestKeys.rsaPss(2048);
    }

    private static byte[] sign(int saltLength, boolean sha1Mgf) throws Exception {
        return sign(signer, MESSAGE, saltLength, sha1Mgf);
    }

    private static byte[] sign(TestSigner key, byte[] message, int saltLength, boolean sha1Mgf) throws Exception {
        java.security.Signature pss = java.security.Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", sha1Mgf ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256,
                saltLength, 1));
        pss.initSign(key.privateKey());
        pss.update(message);
        return pss.sign();
    }

    @Test
    void verifiesDigestLengthZeroAndMaximumSalt() throws Exception {
        int maxSalt = (2048 - 1 + 7) / 8 - 32 - 2;
        for (int salt : new int[] {32, 0, 20, maxSalt}) {
            assertTrue(Signatures.verify(signer.publicKey(), MESSAGE, sign(salt, false)), "salt length " + salt);
        }
    }

    /**
     * Moduli whose length is not a multiple of 8 bits: 2049 bits makes the encoded message a byte shorter than
     * the signature, 2050 bits leaves one usable bit in its top byte (RFC 8017 9.1.2 step 6 masks the other
     * seven). The maximum salt starts the data block with the 0x01 separator in exactly that byte.
     */
    @Test
    void oddModulusSizesVerifyEverySaltLength() throws Exception {
        for (int bits : new int[] {2049, 2050}) {
            TestSigner odd = TestKeys.rsaPss(bits);
            int maxSalt = (bits - 1 + 7) / 8 - 32 - 2;
            for (int salt : new int[] {32, 0, maxSalt}) {
                byte[] sig = sign(odd, MESSAGE, salt, false);
                assertTrue(Signatures.verify(odd.publicKey(), MESSAGE, sig), bits + " bits, salt length " + salt);
                sig[sig.length - 1] ^= 1;
                assertFalse(Signatures.verify(odd.publicKey(), MESSAGE, sig), bits + " bits, damaged, salt " + salt);
            }
        }
    }

    /**
     * A signature is exactly as long as the modulus (RFC 8017 8.1.2 step 1). One whose leading zero byte was
     * cut off is the same number, and Bouncy Castle's PSSSigner alone would accept it; it is refused here so
     * that a valid signature has one encoding only. Without a salt PSS is deterministic, so messages are
     * tried until one's signature starts with a zero byte (1 in 256).
     */
    @Test
    void aSignatureCutShortByItsLeadingZeroIsRefused() throws Exception {
        for (int i = 0; i < 4096; i++) {
            byte[] message = ("payload " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = sign(signer, message, 0, false);
            if (sig[0] != 0) {
                continue;
            }
            assertTrue(Signatures.verify(signer.publicKey(), message, sig));
            byte[] cut = java.util.Arrays.copyOfRange(sig, 1, sig.length);
            assertFalse(Signatures.verify(signer.publicKey(), message, cut), "255 bytes, same number");
            byte[] padded = new byte[sig.length + 1];
            System.arraycopy(sig, 0, padded, 1, sig.length);
            assertFalse(Signatures.verify(signer.publicKey(), message, padded), "257 bytes, same number");
            return;
        }
        throw new AssertionError("no signature with a leading zero byte in 4096 messages");
    }

    @Test
    void refusesOtherMgfDigest() throws Exception {
        assertFalse(Signatures.verify(signer.publicKey(), MESSAGE, sign(32, true)));
    }

    @Test
    void pythonTufRootSignatureVerifies() {
        // python-tuf's root.json is RSA-PSS signed by securesystemslib (3072-bit key).
        var root = io.patchbay.tuf.api.Metadata.parse(io.patchbay.tuf.TestResources.pythonTuf("root"));
        var view = io.patchbay.tuf.api.model.Root.of(root);
        Signatures.verifyRole(view, "root", root);
    }
}
