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
        java.security.Signature pss = java.security.Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", sha1Mgf ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256,
                saltLength, 1));
        pss.initSign(signer.privateKey());
        pss.update(MESSAGE);
        return pss.sign();
    }

    @Test
    void verifiesDigestLengthZeroAndMaximumSalt() throws Exception {
        int maxSalt = (2048 - 1 + 7) / 8 - 32 - 2;
        for (int salt : new int[] {32, 0, 20, maxSalt}) {
            assertTrue(Signatures.verify(signer.publicKey(), MESSAGE, sign(salt, false)), "salt length " + salt);
        }
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
