package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestMetadata;
import io.patchbay.tuf.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    void pythonTufMetadataParses() {
        Root root = Root.of(Metadata.parse(TestResources.pythonTuf("root")));
        assertEquals(1, root.metadata().version());
        for (String role : List.of("timestamp", "snapshot", "targets")) {
            Metadata metadata = Metadata.parse(TestResources.pythonTuf(role));
            assertEquals(1, metadata.version());
            assertEquals(1, metadata.specVersionMajor());
            assertEquals(Instant.parse("2030-01-01T00:00:00Z"), metadata.expires());
        }
    }

    @Test
    void eachKeyIdSignsOnce() {
        TestSigner a = TestKeys.ed25519();
        TestSigner b = TestKeys.ecdsaP256();
        Metadata metadata = TestMetadata.targets();

        a.signMetadata(metadata);
        MalformedMetadataException twice = assertThrows(MalformedMetadataException.class,
                () -> metadata.addSignature(metadata.signatures().get(0)));
        assertTrue(twice.getMessage().contains(a.keyId()), twice.getMessage());
        b.signMetadata(metadata);
        assertEquals(2, metadata.signatures().size());
        a.signMetadata(metadata);
        assertEquals(2, metadata.signatures().size(), "re-signing with a key replaces its signatures");
    }

    @Test
    void anEnvelopeListingAKeyIdTwiceIsMalformedEvenWithValidSignatures() {
        TestSigner a = TestKeys.ed25519();
        Metadata metadata = TestMetadata.targets();
        a.signMetadata(metadata);
        metadata.envelope().withArray("signatures").add(metadata.signatures().get(0).toJson());
        MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
                () -> Metadata.parse(metadata.toBytes()));
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    }

    @Test
    void unknownFieldsArePreserved() {
        TestSigner a = TestKeys.ed25519();
        Metadata metadata = TestMetadata.targets();
        metadata.signed().putObject("x-vendor").put("mode", "strict");
        a.signMetadata(metadata);

        Metadata reparsed = Metadata.parse(metadata.toBytes());
        assertEquals("strict", reparsed.signed().get("x-vendor").get("mode").textValue());
        assertArrayEquals(metadata.signedCanonicalBytes(), reparsed.signedCanonicalBytes());
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
        Metadata metadata = TestMetadata.targets();
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        assertFalse(metadata.isExpired(expires.minusSeconds(1)));
        assertTrue(metadata.isExpired(expires));
        metadata.setExpires(Instant.parse("2031-05-06T07:08:09.123Z"));
        assertEquals("2031-05-06T07:08:09Z", metadata.signed().get("expires").textValue());
    }

    @Test
    void specVersionMajor() {
        Metadata metadata = TestMetadata.targets();
        metadata.signed().put("spec_version", "2.0.0");
        assertEquals(2, metadata.specVersionMajor());
        metadata.signed().put("spec_version", "x.1");
        assertThrows(MalformedMetadataException.class, metadata::specVersionMajor);
    }
}
