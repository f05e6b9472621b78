package io.patchbay.tuf.impl.crypto;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.Signature;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.api.model.Root;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Threshold signature checks over metadata. The model (api) only holds keys and signatures; verifying
 * them is the client's work, kept here so that the exported packages carry no crypto implementation.
 */
public final class Signatures {

    private Signatures() {
    }

    /**
     * Verifies a signature made by {@code key}'s scheme. Unsupported key types or schemes, malformed keys and
     * malformed signatures all verify as false: such a key counts for nothing toward a threshold.
     */
    public static boolean verify(TufKey key, byte[] message, byte[] signature) {
        return KeyVerifiers.verify(key, message, signature);
    }

    /** Whether signatures of this key's type and scheme can be verified at all. */
    public static boolean isSupported(TufKey key) {
        return KeyVerifiers.isSupported(key.keyType(), key.scheme());
    }

    /**
     * The key ids among {@code role.keyIds()} with a valid signature over {@code metadata}. Two key ids naming
     * the same public key count once (so a threshold cannot be met by listing one key under several ids);
     * a key id listed twice in "signatures" never gets this far ({@link Metadata#parse} refuses it).
     */
    public static Set<String> validSignerKeyIds(Metadata metadata, Map<String, TufKey> keys, RoleKeys role) {
        return validSignerKeyIds(metadata, metadata.signedCanonicalBytes(), keys, role);
    }

    /** As above, over {@code message}: the canonical bytes of "signed" as {@code metadata} was parsed from. */
    private static Set<String> validSignerKeyIds(Metadata metadata, byte[] message, Map<String, TufKey> keys,
                                                 RoleKeys role) {
        Set<String> validKeyIds = new HashSet<>();
        Set<String> seenKeyMaterial = new HashSet<>();
        for (Signature signature : metadata.signatures()) {
            String keyId = signature.keyId();
            TufKey key = keys.get(keyId);
            if (key == null || !role.keyIds().contains(keyId) || validKeyIds.contains(keyId)) {
                continue;
            }
            byte[] sig;
            try {
                sig = Hex.decode(signature.sig());
            } catch (IllegalArgumentException e) {
                continue;
            }
            String material = key.keyType() + '\n' + key.publicValue().strip();
            if (!seenKeyMaterial.contains(material) && verify(key, message, sig)) {
                validKeyIds.add(keyId);
                seenKeyMaterial.add(material);
            }
        }
        return validKeyIds;
    }

    /**
     * @param roleName used in the message only
     * @throws SignatureThresholdException if fewer than {@code role.threshold()} authorized keys signed
     */
    public static void verifyThreshold(Metadata metadata, String roleName, Map<String, TufKey> keys, RoleKeys role) {
        verifyThreshold(metadata, metadata.signedCanonicalBytes(), roleName, keys, role);
    }

    /** {@link #verifyThreshold(Metadata, String, Map, RoleKeys)} of metadata just parsed, over the bytes read with it. */
    public static void verifyThreshold(Metadata.Parsed parsed, String roleName, Map<String, TufKey> keys, RoleKeys role) {
        verifyThreshold(parsed.metadata(), parsed.signedBytes(), roleName, keys, role);
    }

    private static void verifyThreshold(Metadata metadata, byte[] message, String roleName, Map<String, TufKey> keys,
                                        RoleKeys role) {
        Set<String> valid = validSignerKeyIds(metadata, message, keys, role);
        if (valid.size() < role.threshold()) {
            throw new SignatureThresholdException(roleName + " version " + metadata.version() + ": " + valid.size()
                    + " valid signature(s) from authorized keys, threshold is " + role.threshold()
                    + " (" + metadata.signatures().size() + " signature(s) present, " + role.keyIds().size()
                    + " key(s) authorized)");
        }
    }

    /** Verifies that a threshold of {@code root}'s {@code roleName} keys signed {@code other}. */
    public static void verifyRole(Root root, String roleName, Metadata other) {
        verifyThreshold(other, roleName, root.keys(), root.role(roleName));
    }

    /** Verifies that a threshold of {@code root}'s {@code roleName} keys signed metadata just parsed. */
    public static void verifyRole(Root root, String roleName, Metadata.Parsed other) {
        verifyThreshold(other, roleName, root.keys(), root.role(roleName));
    }
}
