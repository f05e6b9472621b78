package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.Signature;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestMetadata;
import io.patchbay.tuf.testing.TestSigner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A role's signatures against its keys and threshold: what counts, and what counts only once. */
class SignatureThresholdTest {

    @Test
    void pythonTufMetadataVerifiesAgainstItsRoot() {
        Root root = Root.of(Metadata.parse(TestResources.pythonTuf("root")));
        Signatures.verifyRole(root, "root", root.metadata());
        for (String role : List.of("timestamp", "snapshot", "targets")) {
            Signatures.verifyRole(root, role, Metadata.parse(TestResources.pythonTuf(role)));
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
        Metadata metadata = TestMetadata.targets();

        a.signMetadata(metadata);
        SignatureThresholdException e = assertThrows(SignatureThresholdException.class,
                () -> Signatures.verifyThreshold(metadata, "targets", keys, twoOfTwo));
        assertTrue(e.getMessage().contains("1 valid signature(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("threshold is 2"), e.getMessage());

        b.signMetadata(metadata);
        Signatures.verifyThreshold(metadata, "targets", keys, twoOfTwo);
        assertEquals(Set.of(a.keyId(), b.keyId()), Signatures.validSignerKeyIds(metadata, keys, twoOfTwo));
        a.signMetadata(metadata);
        Signatures.verifyThreshold(metadata, "targets", keys, twoOfTwo);
    }

    @Test
    void oneKeyListedUnderTwoIdsCountsOnce() {
        TestSigner a = TestKeys.ed25519();
        Metadata metadata = TestMetadata.targets();
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
        Metadata metadata = TestMetadata.targets();
        stranger.signMetadata(metadata);
        metadata.addSignature(new Signature(a.keyId(), "zz-not-hex"));
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey(), stranger.keyId(), stranger.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId()), 1);
        assertThrows(SignatureThresholdException.class, () -> Signatures.verifyThreshold(metadata, "targets", keys, role));
    }

    @Test
    void unknownFieldsAreCoveredBySignatures() {
        TestSigner a = TestKeys.ed25519();
        Map<String, TufKey> keys = Map.of(a.keyId(), a.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId()), 1);
        Metadata metadata = TestMetadata.targets();
        metadata.signed().putObject("x-vendor").put("mode", "strict");
        a.signMetadata(metadata);

        Metadata reparsed = Metadata.parse(metadata.toBytes());
        Signatures.verifyThreshold(reparsed, "targets", keys, role);

        reparsed.signed().with("x-vendor").put("mode", "lax");
        assertThrows(SignatureThresholdException.class, () -> Signatures.verifyThreshold(reparsed, "targets", keys, role));
    }
}
