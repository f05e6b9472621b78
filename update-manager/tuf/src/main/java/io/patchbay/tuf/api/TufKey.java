package io.patchbay.tuf.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key as TUF metadata lists it: {@code {"keytype", "scheme", "keyval": {"public"}}}.
 *
 * @param keyType     e.g. {@code ed25519}, {@code ecdsa}, {@code ecdsa-sha2-nistp256}, {@code rsa}
 * @param scheme      e.g. {@code ed25519}, {@code ecdsa-sha2-nistp256}, {@code rsassa-pss-sha256}
 * @param publicValue hex for ed25519, PEM (SubjectPublicKeyInfo) for ecdsa and rsa
 * @param raw         the key object as it appears in metadata, unknown fields included; the key id covers it
 */
public record TufKey(String keyType, String scheme, String publicValue, JsonNode raw) {

    /**
     * Copies {@code raw} deeply, so the key cannot change after it was made.
     *
     * @param keyType     the {@code keytype} value; not null
     * @param scheme      the {@code scheme} value; not null
     * @param publicValue the {@code keyval.public} value; not null
     * @param raw         the whole key object; not null
     */
    public TufKey {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(publicValue, "publicValue");
        Objects.requireNonNull(raw, "raw");
        raw = raw.deepCopy();
    }

    /**
     * A key with no extra fields: {@code {"keytype":..,"keyval":{"public":..},"scheme":..}}.
     *
     * @param keyType     e.g. {@code ed25519}
     * @param scheme      e.g. {@code ed25519}
     * @param publicValue the public key in the form of {@code keyType} (hex for ed25519)
     * @return the key; its id is over exactly these three fields
     */
    public static TufKey of(String keyType, String scheme, String publicValue) {
        ObjectNode node = StrictJson.object();
        node.put("keytype", keyType);
        node.put("scheme", scheme);
        node.putObject("keyval").put("public", publicValue);
        return new TufKey(keyType, scheme, publicValue, node);
    }

    /**
     * Reads a key object from metadata, keeping unknown fields (they count in the key id).
     *
     * @param node a key object, e.g. a value of root's {@code keys}
     * @return the key
     * @throws MalformedMetadataException if it is not an object, or a required field is missing or not a string
     */
    public static TufKey fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new MalformedMetadataException("key must be a JSON object, got " + node);
        }
        String keyType = text(node, "keytype");
        String scheme = text(node, "scheme");
        JsonNode keyval = node.get("keyval");
        if (keyval == null || !keyval.isObject()) {
            throw new MalformedMetadataException("key has no 'keyval' object: " + node);
        }
        return new TufKey(keyType, scheme, text(keyval, "public"), node);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedMetadataException("key field '" + field + "' missing or not a string");
        }
        return value.textValue();
    }

    /**
     * The key id, computed here rather than trusted from the metadata's {@code keys} map.
     *
     * @return hex SHA-256 of the canonical JSON of the key object (unknown fields included, as TUF defines key ids)
     * @throws MalformedMetadataException if the key object cannot be canonicalized (a float in an unknown field)
     */
    public String keyId() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(raw)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /**
     * The key object, ready to put into metadata.
     *
     * @return a deep copy
     */
    public JsonNode toJson() {
        return raw.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
    // Written out (not the record's generated methods): those bootstrap through java.lang.invoke on
    // first use, which a one-shot client call paid for at start-up.
        return o instanceof TufKey k && keyType.equals(k.keyType) && scheme.equals(k.scheme)
                && publicValue.equals(k.publicValue) && raw.equals(k.raw);
    }

    @Override
    public int hashCode() {
        return ((keyType.hashCode() * 31 + scheme.hashCode()) * 31 + publicValue.hashCode()) * 31 + raw.hashCode();
    }
}
