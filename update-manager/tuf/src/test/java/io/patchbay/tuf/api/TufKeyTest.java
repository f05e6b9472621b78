package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TufKeyTest {

    private static final TestKeys.OneOfEach KEYS = TestKeys.oneOfEach();

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
    void generatedKeysHaveTheSpecFormsAndStableIds() {
        assertEquals(64, KEYS.ed25519().publicKey().publicValue().length());
        assertEquals("ecdsa", KEYS.ecdsa().publicKey().keyType());
        assertTrue(KEYS.ecdsa().publicKey().publicValue().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals("rsa", KEYS.rsa().publicKey().keyType());
        for (TestSigner signer : List.of(KEYS.ed25519(), KEYS.ecdsa(), KEYS.rsa())) {
            TufKey key = signer.publicKey();
            // Same bytes in the JSON form round-trip to the same key id.
            assertEquals(key.keyId(), TufKey.fromJson(key.toJson()).keyId());
            assertEquals(signer.keyId(), key.keyId());
        }
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
        ObjectNode raw = (ObjectNode) KEYS.ed25519().publicKey().toJson();
        TufKey key = TufKey.fromJson(raw);
        String id = key.keyId();
        raw.put("extra", "x");
        assertEquals(id, key.keyId());
    }
}
