package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** securesystemslib verifies RSA-PSS with PSS.AUTO: any salt length must verify, other digests must not. */
class RsaPssSaltLengthTest {

    private static final byte[] MESSAGE = "payload".getBytes(StandardCharsets.UTF_8);
    private static PrivateKeySigner signer;

    @BeforeAll
    static void key() {
        signer = KeyPairs.generateRsaPss(2048);
    }

    private static byte[] sign(int saltLength, boolean sha1Mgf) throws Exception {
        RSAPrivateCrtKeyParameters key = (RSAPrivateCrtKeyParameters) signer.privateKey();
        PSSSigner pss = new PSSSigner(new RSABlindedEngine(), new SHA256Digest(),
                sha1Mgf ? new SHA1Digest() : new SHA256Digest(), saltLength);
        pss.init(true, new ParametersWithRandom(key, new SecureRandom()));
        pss.update(MESSAGE, 0, MESSAGE.length);
        return pss.generateSignature();
    }

    @Test
    void verifiesDigestLengthZeroAndMaximumSalt() throws Exception {
        int maxSalt = (2048 - 1 + 7) / 8 - 32 - 2;
        for (int salt : new int[] {32, 0, 20, maxSalt}) {
            assertTrue(signer.publicKey().verify(MESSAGE, sign(salt, false)), "salt length " + salt);
        }
    }

    @Test
    void refusesOtherMgfDigest() throws Exception {
        assertFalse(signer.publicKey().verify(MESSAGE, sign(32, true)));
    }

    @Test
    void pythonTufRootSignatureVerifies() {
        // python-tuf's root.json is RSA-PSS signed by securesystemslib (3072-bit key).
        var root = io.patchbay.tuf.api.Metadata.parse(io.patchbay.tuf.TestResources.pythonTuf("root"));
        var view = io.patchbay.tuf.api.model.Root.of(root);
        view.verifyRole("root", root);
    }
}
