package io.patchbay.tuf.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One entry of a metadata envelope's "signatures" list.
 *
 * @param keyId the key id the signature claims to be made by
 * @param sig   the signature, hex-encoded
 */
public record Signature(String keyId, String sig) {

    /**
     * @param keyId the claimed key id (hex SHA-256 of the key's canonical JSON); not null
     * @param sig   the hex signature; not null
     */
    public Signature {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(sig, "sig");
    }

    /**
     * The entry as it appears in a metadata envelope.
     *
     * @return a new {@code {"keyid", "sig"}} object
     */
    public ObjectNode toJson() {
        ObjectNode node = StrictJson.object();
        node.put("keyid", keyId);
        node.put("sig", sig);
        return node;
    }
}
