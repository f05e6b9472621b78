package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One signature against one key, for each scheme, and every way a key or signature can be wrong. */
class SignaturesTest {

    private static final byte[] MESSAGE = "the signed part".getBytes(StandardCharsets.UTF_8);
    private static final TestKeys.OneOfEach KEYS = TestKeys.oneOfEach();

    @Test
    void ed25519SignAndVerify() {
        assertSignsAndRejectsTampering(KEYS.ed25519());
    }

    @Test
    void ecdsaSignAndVerify() {
        assertSignsAndRejectsTampering(KEYS.ecdsa());
    }

    @Test
    void rsaPssSignAndVerify() {
        assertSignsAndRejectsTampering(KEYS.rsa());
    }

    private static void assertSignsAndRejectsTampering(TestSigner signer) {
        TufKey key = signer.publicKey();
        byte[] signature = signer.sign(MESSAGE);
        assertTrue(Signatures.verify(key, MESSAGE, signature));
        assertTrue(Signatures.isSupported(key));
        byte[] otherMessage = Arrays.copyOf(MESSAGE, MESSAGE.length);
        otherMessage[0] ^= 1;
        assertFalse(Signatures.verify(key, otherMessage, signature));
        byte[] badSignature = Arrays.copyOf(signature, signature.length);
        badSignature[badSignature.length / 2] ^= 1;
        assertFalse(Signatures.verify(key, MESSAGE, badSignature));
        assertFalse(Signatures.verify(key, MESSAGE, new byte[0]));
        assertFalse(Signatures.verify(TestKeys.ed25519().publicKey(), MESSAGE, signature));
    }

    @Test
    void ecdsaRefusesNonDerSignatureEncodings() {
        byte[] der = KEYS.ecdsa().sign(MESSAGE);
        // Same r and s, but BER long-form length: valid BER, not DER, must not verify.
        byte[] ber = new byte[der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        ber[2] = der[1];
        System.arraycopy(der, 2, ber, 3, der.length - 2);
        assertFalse(Signatures.verify(KEYS.ecdsa().publicKey(), MESSAGE, ber));
        assertTrue(Signatures.verify(KEYS.ecdsa().publicKey(), MESSAGE, der));
    }

    @Test
    void mismatchedTypeAndSchemeOrUnknownTypeVerifyNothing() {
        byte[] signature = KEYS.ed25519().sign(MESSAGE);
        String pub = KEYS.ed25519().publicKey().publicValue();
        assertFalse(Signatures.verify(TufKey.of("ed25519", "rsassa-pss-sha256", pub), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("rsa", "ed25519", pub), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("sphincs", "sphincs-shake", pub), MESSAGE, signature));
        assertFalse(Signatures.isSupported(TufKey.of("sphincs", "sphincs-shake", pub)));
        assertFalse(Signatures.verify(TufKey.of("ed25519", "ed25519", "not hex"), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("ed25519", "ed25519", "abcd"), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("rsa", "rsassa-pss-sha256", "not a pem"), MESSAGE, signature));
        // An RSA key offered as an ecdsa key.
        assertFalse(Signatures.verify(TufKey.of("ecdsa", "ecdsa-sha2-nistp256", KEYS.rsa().publicKey().publicValue()),
                MESSAGE, KEYS.rsa().sign(MESSAGE)));
    }

    @Test
    void pythonTufSnapshotSignatureVerifiesOverOurCanonicalBytes() {
        // The ed25519 signature in python-tuf's snapshot.json is over securesystemslib's canonical bytes;
        // it only verifies if ours are byte-identical.
        Metadata snapshot = Metadata.parse(TestResources.pythonTuf("snapshot"));
        JsonNode key = Metadata.parse(TestResources.pythonTuf("root")).signed()
                .get("keys").get("59a4df8af818e9ed7abe0764c0b47b4240952aa0d179b5b78346c470ac30278d");
        assertTrue(Signatures.verify(TufKey.fromJson(key), snapshot.signedCanonicalBytes(),
                Hex.decode(snapshot.signatures().get(0).sig())));
    }
}
