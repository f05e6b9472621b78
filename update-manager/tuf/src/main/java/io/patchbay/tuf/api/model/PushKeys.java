package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

/**
 * The server's push keys, read from root's signed body:
 * <pre>
 * "x-patchbay-push-keys": ["&lt;unpadded base64url of a raw 32-byte Ed25519 public key&gt;", ...]
 * </pre>
 * A client acts on a push only when it is signed by one of these. Being in root's signed body, they change only by a
 * root rotation, like the location and the TLS pins. Absent means no push key: every push is refused.
 */
public final class PushKeys {

    /** The name of the extension field in root's signed body. */
    public static final String FIELD = "x-patchbay-push-keys";
    /** More than a rotation's overlap ever needs; bounds what a client keeps. */
    public static final int MAX_KEYS = 8;

    private PushKeys() {
    }

    /**
     * Checks a list of push keys before it is written to or read from root.
     *
     * @param keys the base64url push keys
     * @return the keys, checked: 1..{@link #MAX_KEYS} distinct canonical base64url strings of 32 bytes
     * @throws MalformedMetadataException otherwise
     */
    public static List<String> check(List<String> keys) {
        if (keys.size() > MAX_KEYS) {
            throw new MalformedMetadataException("root lists " + keys.size() + " push keys; at most " + MAX_KEYS);
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new MalformedMetadataException("root lists a push key twice");
        }
        for (String key : keys) {
            byte[] raw = null;
            try {
                raw = Base64.getUrlDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                raw = null;
            }
            if (key.length() != 43 || raw == null || raw.length != 32
                    || !Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(key)) {
                throw new MalformedMetadataException("push key must be unpadded base64url of a 32-byte Ed25519 "
                        + "public key (43 characters), got '" + key + "'");
            }
        }
        return List.copyOf(keys);
    }

    static List<String> fromRootSigned(JsonNode signed) {
        List<String> keys = Fields.textListOrNull(signed, FIELD, "root");
        return keys == null ? List.of() : check(keys);
    }

    /**
     * Writes the field into root's signed object (for repository tooling).
     *
     * @param rootSigned root's signed object; an existing field is replaced
     * @param keys       the push keys
     * @throws io.patchbay.tuf.api.MalformedMetadataException if the keys fail {@link #check}; {@code rootSigned}
     *         is then left as it was
     */
    public static void writeTo(ObjectNode rootSigned, List<String> keys) {
        List<String> checked = check(keys); // before any change: a refused list must not leave half an edit
        ArrayNode array = rootSigned.putArray(FIELD);
        checked.forEach(array::add);
    }
}
