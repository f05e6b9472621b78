package io.patchbay.tuf.api;

import io.patchbay.tuf.impl.crypto.Signatures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import io.patchbay.tuf.api.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TufKeyTest {

    private static final byte[] MESSAGE = "the signed part".getBytes(StandardCharsets.UTF_8);
    private static TestSigner ed25519;
    private static TestSigner ecdsa;
    private static TestSigner rsa;

    @BeforeAll
    static void keys() {
        ed25519 = TestKeys.ed25519();
        ecdsa = TestKeys.ecdsaP256();
        rsa = TestKeys.rsaPss(2048);
    }

    @Test
    void keyIdsMatchPythonTufForAllRootKeys() {
        JsonNode keys = Metadata.parse(TestResources.pythonTuf("root")).signed().get("keys");
        int checked = 0;
        for (Map.Entry<String, JsonNode> entry : keys.properties()) {
            assertEquals(entry.getKey(), TufKey.fromJson(entry.getValue()).keyId());
            checked++;
        }
        assertEquals(4, checked);
    }

    @Test
    void knownEd25519KeyIdFromTheSpecExamples() {
        ObjectNode node = (ObjectNode) StrictJson.parse(("{\"keyid_hash_algorithms\":[\"sha256\",\"sha512\"],\"keytype\":\"ed25519\","
                + "\"keyval\":{\"public\":\"edcd0a32a07dce33f7c7873aaffbff36d20ea30787574ead335eefd337e4dacd\"},"
                + "\"scheme\":\"ed25519\"}").getBytes(StandardCharsets.UTF_8), "key");
        assertEquals("59a4df8af818e9ed7abe0764c0b47b4240952aa0d179b5b78346c470ac30278d", TufKey.fromJson(node).keyId());
        node.remove("keyid_hash_algorithms");
        assertNotEquals("59a4df8af818e9ed7abe0764c0b47b4240952aa0d179b5b78346c470ac30278d", TufKey.fromJson(node).keyId(),
                "unknown fields are part of the key id");
    }

    @Test
    void ed25519SignAndVerify() {
        assertSignsAndRejectsTampering(ed25519);
        assertEquals(64, ed25519.publicKey().publicValue().length());
    }

    @Test
    void ecdsaSignAndVerify() {
        assertSignsAndRejectsTampering(ecdsa);
        assertEquals("ecdsa", ecdsa.publicKey().keyType());
        assertTrue(ecdsa.publicKey().publicValue().startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }

    @Test
    void rsaPssSignAndVerify() {
        assertSignsAndRejectsTampering(rsa);
        assertEquals("rsa", rsa.publicKey().keyType());
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
        // Same bytes in the JSON form round-trip to the same key id.
        assertEquals(key.keyId(), TufKey.fromJson(key.toJson()).keyId());
        assertEquals(signer.keyId(), key.keyId());
    }

    @Test
    void ecdsaRefusesNonDerSignatureEncodings() {
        byte[] der = ecdsa.sign(MESSAGE);
        // Same r and s, but BER long-form length: valid BER, not DER, must not verify.
        byte[] ber = new byte[der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        ber[2] = der[1];
        System.arraycopy(der, 2, ber, 3, der.length - 2);
        assertFalse(Signatures.verify(ecdsa.publicKey(), MESSAGE, ber));
        assertTrue(Signatures.verify(ecdsa.publicKey(), MESSAGE, der));
    }

    @Test
    void mismatchedTypeAndSchemeOrUnknownTypeVerifyNothing() {
        byte[] signature = ed25519.sign(MESSAGE);
        String pub = ed25519.publicKey().publicValue();
        assertFalse(Signatures.verify(TufKey.of("ed25519", "rsassa-pss-sha256", pub), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("rsa", "ed25519", pub), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("sphincs", "sphincs-shake", pub), MESSAGE, signature));
        assertFalse(Signatures.isSupported(TufKey.of("sphincs", "sphincs-shake", pub)));
        assertFalse(Signatures.verify(TufKey.of("ed25519", "ed25519", "not hex"), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("ed25519", "ed25519", "abcd"), MESSAGE, signature));
        assertFalse(Signatures.verify(TufKey.of("rsa", "rsassa-pss-sha256", "not a pem"), MESSAGE, signature));
        // An RSA key offered as an ecdsa key.
        assertFalse(Signatures.verify(TufKey.of("ecdsa", "ecdsa-sha2-nistp256", rsa.publicKey().publicValue()),
                MESSAGE, rsa.sign(MESSAGE)));
    }

    @Test
    void fromJsonRequiresFields() {
        assertThrows(MalformedMetadataException.class, () -> TufKey.fromJson(StrictJson.object()));
        assertThrows(MalformedMetadataException.class, () -> TufKey.fromJson(
                StrictJson.parse("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{}}".getBytes(), "k")));
        assertThrows(MalformedMetadataException.class, () -> TufKey.fromJson(
                StrictJson.parse("{\"keytype\":\"ed25519\",\"scheme\":1,\"keyval\":{\"public\":\"00\"}}".getBytes(), "k")));
    }

    @Test
    void rawIsCopiedSoKeyIdsCannotChangeUnderneath() {
        ObjectNode raw = (ObjectNode) ed25519.publicKey().toJson();
        TufKey key = TufKey.fromJson(raw);
        String id = key.keyId();
        raw.put("extra", "x");
        assertEquals(id, key.keyId());
    }
}
