package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.StrictJson;
import java.util.Map;
import java.util.Objects;

/**
 * A trusted target as a targets role lists it.
 *
 * @param path   the TARGETPATH (forward slashes, relative)
 * @param length exact length in bytes
 * @param hashes algorithm name to hex digest; never empty
 * @param custom the "custom" object, or null
 */
public record TargetFile(String path, long length, Map<String, String> hashes, JsonNode custom) {

    /**
     * Checks the entry and copies hashes and custom.
     *
     * @param path   the TARGETPATH; not null
     * @param length exact length in bytes, at least 0
     * @param hashes algorithm name to hex digest; at least one
     * @param custom the "custom" object, or null; copied deeply
     * @throws io.patchbay.tuf.api.MalformedMetadataException if no hash is listed or the length is negative
     */
    public TargetFile {
        Objects.requireNonNull(path, "path");
        hashes = Map.copyOf(hashes);
        if (hashes.isEmpty()) {
            throw new MalformedMetadataException("target '" + path + "' lists no hashes");
        }
        if (length < 0) {
            throw new MalformedMetadataException("target '" + path + "' has negative length " + length);
        }
        custom = custom == null ? null : custom.deepCopy();
    }

    /**
     * Reads a value of a targets role's {@code targets} object.
     *
     * @param path the entry's key, the TARGETPATH
     * @param node the entry object
     * @return the target
     * @throws io.patchbay.tuf.api.MalformedMetadataException if length or hashes are missing or malformed
     */
    public static TargetFile fromJson(String path, JsonNode node) {
        String where = "target '" + path + "'";
        if (node == null || !node.isObject()) {
            throw new MalformedMetadataException(where + " must be an object");
        }
        long length = Fields.integer(node, "length", where, 0);
        Map<String, String> hashes = Fields.hashes(node, where);
        JsonNode custom = node.get("custom");
        return new TargetFile(path, length, hashes, custom);
    }

    /**
     * The checks of {@link #fromJson} without building anything (a role is validated entry by entry when
     * its view is made); on failure {@link #fromJson} itself throws, so the message is the same.
     *
     * @throws MalformedMetadataException if {@link #fromJson} would
     */
    static void validate(String path, JsonNode node) {
        if (!isWellFormed(node)) {
            fromJson(path, node);
            throw new MalformedMetadataException("target '" + path + "' is malformed");
        }
    }

    private static boolean isWellFormed(JsonNode node) {
        if (node == null || !node.isObject()) {
            return false;
        }
        JsonNode length = node.get("length");
        if (length == null || !length.isIntegralNumber() || !length.canConvertToLong() || length.longValue() < 0) {
            return false;
        }
        JsonNode hashes = node.get("hashes");
        if (hashes == null || !hashes.isObject() || hashes.isEmpty()) {
            return false;
        }
        for (JsonNode hash : hashes) {
            if (!hash.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The file name part of the path.
     *
     * @return what follows the last '/' (the whole path when there is none)
     */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The entry as a targets role writes it, for repository tooling.
     *
     * @return a new object with length, hashes and custom (if any)
     */
    public ObjectNode toJson() {
        ObjectNode node = StrictJson.object();
        node.put("length", length);
        ObjectNode hashNode = node.putObject("hashes");
        hashes.forEach(hashNode::put);
        if (custom != null) {
            node.set("custom", custom.deepCopy());
        }
        return node;
    }
}
