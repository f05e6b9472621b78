package io.patchbay.tuf.api;

import io.patchbay.tuf.impl.crypto.Signatures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import io.patchbay.tuf.api.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataTest {

    private static Metadata newTargets() {
        ObjectNode signed = StrictJson.object();
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
        Signatures.verifyRole(root, "root", root.metadata());
        for (String role : List.of("timestamp", "snapshot", "targets")) {
            Metadata metadata = Metadata.parse(TestResources.pythonTuf(role));
            Signatures.verifyRole(root, role, metadata);
            assertEquals(1, metadata.version());
            assertEquals(1, metadata.specVersionMajor());
            assertEquals(Instant.parse("2030-01-01T00:00:00Z"), metadata.expires());
        }
        // timestamp's key does not count for snapshot.
        assertThrows(SignatureThresholdException.class,
                () -> Signatures.verifyRole(root, "snapshot", Metadata.parse(TestResources.pythonTuf("timestamp"))));
    }

    @Test
    void signAndVerifyThresholdCountsEachKeyOnce() {
        TestSigner a = TestKeys.ed25519();
        TestSigner b = TestKeys.ecdsaP256();
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey(), b.keyId(), b.publicKey());
        RoleKeys twoOfTwo = new RoleKeys(List.of(a.keyId(), b.keyId()), 2);
        Metadata metadata = newTargets();

        a.signMetadata(metadata);
        MalformedMetadataException twice = assertThrows(MalformedMetadataException.class,
                () -> metadata.addSignature(metadata.signatures().get(0)));
        assertTrue(twice.getMessage().contains(a.keyId()), twice.getMessage());
        SignatureThresholdException e = assertThrows(SignatureThresholdException.class,
                () -> Signatures.verifyThreshold(metadata, "targets", keys, twoOfTwo));
        assertTrue(e.getMessage().contains("1 valid signature(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("threshold is 2"), e.getMessage());

        b.signMetadata(metadata);
        Signatures.verifyThreshold(metadata, "targets", keys, twoOfTwo);
        assertEquals(Set.of(a.keyId(), b.keyId()), Signatures.validSignerKeyIds(metadata, keys, twoOfTwo));
        assertEquals(2, metadata.signatures().size());
        a.signMetadata(metadata);
        assertEquals(2, metadata.signatures().size(), "re-signing with a key replaces its signatures");
        Signatures.verifyThreshold(metadata, "targets", keys, twoOfTwo);
    }

    @Test
    void anEnvelopeListingAKeyIdTwiceIsMalformedEvenWithValidSignatures() {
        TestSigner a = TestKeys.ed25519();
        Metadata metadata = newTargets();
        a.signMetadata(metadata);
        metadata.envelope().withArray("signatures").add(metadata.signatures().get(0).toJson());
        MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
                () -> Metadata.parse(metadata.toBytes()));
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    }

    @Test
    void oneKeyListedUnderTwoIdsCountsOnce() {
        TestSigner a = TestKeys.ed25519();
        Metadata metadata = newTargets();
        a.signMetadata(metadata);
        String sig = metadata.signatures().get(0).sig();
        metadata.addSignature(new Signature("alias", sig));
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey(), "alias", a.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId(), "alias"), 2);
        assertThrows(SignatureThresholdException.class, () -> Signatures.verifyThreshold(metadata, "targets", keys, role));
    }

    @Test
    void unauthorizedAndUnknownSignaturesCountForNothing() {
        TestSigner a = TestKeys.ed25519();
        TestSigner stranger = TestKeys.ed25519();
        Metadata metadata = newTargets();
        stranger.signMetadata(metadata);
        metadata.addSignature(new Signature(a.keyId(), "zz-not-hex"));
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey(), stranger.keyId(), stranger.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId()), 1);
        assertThrows(SignatureThresholdException.class, () -> Signatures.verifyThreshold(metadata, "targets", keys, role));
    }

    @Test
    void unknownFieldsArePreservedAndCoveredBySignatures() {
        TestSigner a = TestKeys.ed25519();
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId()), 1);
        Metadata metadata = newTargets();
        metadata.signed().putObject("x-vendor").put("mode", "strict");
        a.signMetadata(metadata);

        Metadata reparsed = Metadata.parse(metadata.toBytes());
        assertEquals("strict", reparsed.signed().get("x-vendor").get("mode").textValue());
        Signatures.verifyThreshold(reparsed, "targets", keys, role);

        reparsed.signed().with("x-vendor").put("mode", "lax");
        assertThrows(SignatureThresholdException.class, () -> Signatures.verifyThreshold(reparsed, "targets", keys, role));
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
