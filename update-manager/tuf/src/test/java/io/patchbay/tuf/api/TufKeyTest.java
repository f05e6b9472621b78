package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.impl.crypto.KeyPairs;
import io.patchbay.tuf.impl.crypto.PrivateKeySigner;
import io.patchbay.tuf.impl.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TufKeyTest {

    private static final byte[] MESSAGE = "the signed part".getBytes(StandardCharsets.UTF_8);
    private static PrivateKeySigner ed25519;
    private static PrivateKeySigner ecdsa;
    private static PrivateKeySigner rsa;

    @BeforeAll
    static void keys() {
        ed25519 = KeyPairs.generateEd25519();
        ecdsa = KeyPairs.generateEcdsaP256();
        rsa = KeyPairs.generateRsaPss(2048);
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
        ObjectNode node = (ObjectNode) Json.parse(("{\"keyid_hash_algorithms\":[\"sha256\",\"sha512\"],\"keytype\":\"ed25519\","
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

    private static void assertSignsAndRejectsTampering(PrivateKeySigner signer) {
        TufKey key = signer.publicKey();
        byte[] signature = signer.sign(MESSAGE);
        assertTrue(key.verify(MESSAGE, signature));
        assertTrue(key.isSupported());
        byte[] otherMessage = Arrays.copyOf(MESSAGE, MESSAGE.length);
        otherMessage[0] ^= 1;
        assertFalse(key.verify(otherMessage, signature));
        byte[] badSignature = Arrays.copyOf(signature, signature.length);
        badSignature[badSignature.length / 2] ^= 1;
        assertFalse(key.verify(MESSAGE, badSignature));
        assertFalse(key.verify(MESSAGE, new byte[0]));
        assertFalse(KeyPairs.generateEd25519().publicKey().verify(MESSAGE, signature));
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
        assertFalse(ecdsa.publicKey().verify(MESSAGE, ber));
        assertTrue(ecdsa.publicKey().verify(MESSAGE, der));
    }

    @Test
    void mismatchedTypeAndSchemeOrUnknownTypeVerifyNothing() {
        byte[] signature = ed25519.sign(MESSAGE);
        String pub = ed25519.publicKey().publicValue();
        assertFalse(TufKey.of("ed25519", "rsassa-pss-sha256", pub).verify(MESSAGE, signature));
        assertFalse(TufKey.of("rsa", "ed25519", pub).verify(MESSAGE, signature));
        assertFalse(TufKey.of("sphincs", "sphincs-shake", pub).verify(MESSAGE, signature));
        assertFalse(TufKey.of("sphincs", "sphincs-shake", pub).isSupported());
        assertFalse(TufKey.of("ed25519", "ed25519", "not hex").verify(MESSAGE, signature));
        assertFalse(TufKey.of("ed25519", "ed25519", "abcd").verify(MESSAGE, signature));
        assertFalse(TufKey.of("rsa", "rsassa-pss-sha256", "not a pem").verify(MESSAGE, signature));
        // An RSA key offered as an ecdsa key.
        assertFalse(TufKey.of("ecdsa", "ecdsa-sha2-nistp256", rsa.publicKey().publicValue())
                .verify(MESSAGE, rsa.sign(MESSAGE)));
    }

    @Test
    void fromJsonRequiresFields() {
        assertThrows(MalformedMetadataException.class, () -> TufKey.fromJson(Json.MAPPER.createObjectNode()));
        assertThrows(MalformedMetadataException.class, () -> TufKey.fromJson(
                Json.parse("{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{}}".getBytes(), "k")));
        assertThrows(MalformedMetadataException.class, () -> TufKey.fromJson(
                Json.parse("{\"keytype\":\"ed25519\",\"scheme\":1,\"keyval\":{\"public\":\"00\"}}".getBytes(), "k")));
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
