package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.impl.crypto.KeyPairs;
import io.patchbay.tuf.impl.crypto.PrivateKeySigner;
import io.patchbay.tuf.impl.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataTest {

    private static Metadata newTargets() {
        ObjectNode signed = Json.MAPPER.createObjectNode();
        signed.put("_type", "targets");
        signed.put("spec_version", "1.0.31");
        signed.put("version", 3);
        signed.put("expires", "2030-01-01T00:00:00Z");
        signed.putObject("targets");
        return Metadata.of(signed);
    }

    @Test
    void pythonTufMetadataVerifiesAgainstItsRoot() {
        Root root = Root.of(Metadata.parse(TestResources.pythonTuf("root")));
        root.verifyRole("root", root.metadata());
        for (String role : List.of("timestamp", "snapshot", "targets")) {
            Metadata metadata = Metadata.parse(TestResources.pythonTuf(role));
            root.verifyRole(role, metadata);
            assertEquals(1, metadata.version());
            assertEquals(1, metadata.specVersionMajor());
            assertEquals(Instant.parse("2030-01-01T00:00:00Z"), metadata.expires());
        }
        // timestamp's key does not count for snapshot.
        assertThrows(SignatureThresholdException.class,
                () -> root.verifyRole("snapshot", Metadata.parse(TestResources.pythonTuf("timestamp"))));
    }

    @Test
    void signAndVerifyThresholdCountsEachKeyOnce() {
        PrivateKeySigner a = KeyPairs.generateEd25519();
        PrivateKeySigner b = KeyPairs.generateEcdsaP256();
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey(), b.keyId(), b.publicKey());
        RoleKeys twoOfTwo = new RoleKeys(List.of(a.keyId(), b.keyId()), 2);
        Metadata metadata = newTargets();

        metadata.sign(a);
        MalformedMetadataException twice = assertThrows(MalformedMetadataException.class,
                () -> metadata.addSignature(metadata.signatures().get(0)));
        assertTrue(twice.getMessage().contains(a.keyId()), twice.getMessage());
        SignatureThresholdException e = assertThrows(SignatureThresholdException.class,
                () -> metadata.verifyThreshold("targets", keys, twoOfTwo));
        assertTrue(e.getMessage().contains("1 valid signature(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("threshold is 2"), e.getMessage());

        metadata.sign(b);
        metadata.verifyThreshold("targets", keys, twoOfTwo);
        assertEquals(Set.of(a.keyId(), b.keyId()), metadata.validSignerKeyIds(keys, twoOfTwo));
        assertEquals(2, metadata.signatures().size());
        metadata.sign(a);
        assertEquals(2, metadata.signatures().size(), "re-signing with a key replaces its signatures");
        metadata.verifyThreshold("targets", keys, twoOfTwo);
    }

    @Test
    void anEnvelopeListingAKeyIdTwiceIsMalformedEvenWithValidSignatures() {
        PrivateKeySigner a = KeyPairs.generateEd25519();
        Metadata metadata = newTargets();
        metadata.sign(a);
        metadata.envelope().withArray("signatures").add(metadata.signatures().get(0).toJson());
        MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
                () -> Metadata.parse(metadata.toBytes()));
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    }

    @Test
    void oneKeyListedUnderTwoIdsCountsOnce() {
        PrivateKeySigner a = KeyPairs.generateEd25519();
        Metadata metadata = newTargets();
        metadata.sign(a);
        String sig = metadata.signatures().get(0).sig();
        metadata.addSignature(new Signature("alias", sig));
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey(), "alias", a.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId(), "alias"), 2);
        assertThrows(SignatureThresholdException.class, () -> metadata.verifyThreshold("targets", keys, role));
    }

    @Test
    void unauthorizedAndUnknownSignaturesCountForNothing() {
        PrivateKeySigner a = KeyPairs.generateEd25519();
        PrivateKeySigner stranger = KeyPairs.generateEd25519();
        Metadata metadata = newTargets();
        metadata.sign(stranger);
        metadata.addSignature(new Signature(a.keyId(), "zz-not-hex"));
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey(), stranger.keyId(), stranger.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId()), 1);
        assertThrows(SignatureThresholdException.class, () -> metadata.verifyThreshold("targets", keys, role));
    }

    @Test
    void unknownFieldsArePreservedAndCoveredBySignatures() {
        PrivateKeySigner a = KeyPairs.generateEd25519();
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId()), 1);
        Metadata metadata = newTargets();
        metadata.signed().putObject("x-vendor").put("mode", "strict");
        metadata.sign(a);

        Metadata reparsed = Metadata.parse(metadata.toBytes());
        assertEquals("strict", reparsed.signed().get("x-vendor").get("mode").textValue());
        reparsed.verifyThreshold("targets", keys, role);

        reparsed.signed().with("x-vendor").put("mode", "lax");
        assertThrows(SignatureThresholdException.class, () -> reparsed.verifyThreshold("targets", keys, role));
    }

    @Test
    void parseRefusesDuplicateKeysAndBadShapes() {
        String good = "\"_type\":\"targets\",\"spec_version\":\"1.0.0\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\"";
        Metadata.parse(("{\"signatures\":[],\"signed\":{" + good + "}}").getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of(
                "{\"signatures\":[],\"signed\":{" + good + ",\"version\":2}}",
                "{\"signatures\":[],\"signatures\":[],\"signed\":{" + good + "}}",
                "{\"signed\":{" + good + "}}",
                "{\"signatures\":[{\"keyid\":1,\"sig\":\"00\"}],\"signed\":{" + good + "}}",
                "{\"signatures\":[],\"signed\":[]}",
                "{\"signatures\":[],\"signed\":{" + good.replace("\"version\":1", "\"version\":0") + "}}",
                "{\"signatures\":[],\"signed\":{" + good.replace("\"version\":1", "\"version\":\"1\"") + "}}",
                "{\"signatures\":[],\"signed\":{" + good.replace("\"version\":1", "\"version\":1.5") + "}}",
                "{\"signatures\":[],\"signed\":{" + good.replace("2030-01-01T00:00:00Z", "2030-01-01") + "}}",
                "{\"signatures\":[],\"signed\":{" + good.replace("2030-01-01T00:00:00Z", "2030-01-01T00:00:00+01:00") + "}}",
                "{\"signatures\":[],\"signed\":{" + good.replace("\"_type\":\"targets\",", "") + "}}",
                "{\"signatures\":[],\"signed\":{" + good + "}} trailing",
                "[]", "", "not json")) {
            assertThrows(MalformedMetadataException.class,
                    () -> Metadata.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void expiryIsInclusive() {
        Metadata metadata = newTargets();
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        assertFalse(metadata.isExpired(expires.minusSeconds(1)));
        assertTrue(metadata.isExpired(expires));
        metadata.setExpires(Instant.parse("2031-05-06T07:08:09.123Z"));
        assertEquals("2031-05-06T07:08:09Z", metadata.signed().get("expires").textValue());
    }

    @Test
    void specVersionMajor() {
        Metadata metadata = newTargets();
        metadata.signed().put("spec_version", "2.0.0");
        assertEquals(2, metadata.specVersionMajor());
        metadata.signed().put("spec_version", "x.1");
        assertThrows(MalformedMetadataException.class, metadata::specVersionMajor);
    }
}
