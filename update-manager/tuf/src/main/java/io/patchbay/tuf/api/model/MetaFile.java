package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.StrictJson;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A METAFILES entry of timestamp or snapshot: {@code {"version": n, "length"?: n, "hashes"?: {...}}}.
 *
 * @param version the role's version the referring metadata vouches for; at least 1
 * @param length  the file's length in bytes, if listed (then a longer download is refused)
 * @param hashes empty when the repository does not list hashes (then only the version is checked)
 */
public record MetaFile(long version, OptionalLong length, Map<String, String> hashes) {

    /**
     * Copies the hashes.
     *
     * @param version the role's version
     * @param length  the file's length, if listed
     * @param hashes  algorithm to hex digest; not null, may be empty
     */
    public MetaFile {
        hashes = Map.copyOf(hashes);
    }

    /**
     * An entry with only a version, as repositories usually write them.
     *
     * @param version the role's version
     * @return an entry without length or hashes
     */
    public static MetaFile ofVersion(long version) {
        return new MetaFile(version, OptionalLong.empty(), Map.of());
    }

    /**
     * Reads an entry of a {@code meta} object.
     *
     * @param node  the entry object
     * @param where what the entry is, for the error message (e.g. {@code "snapshot v3 meta 'targets.json'"})
     * @return the entry
     * @throws io.patchbay.tuf.api.MalformedMetadataException if the version is not an integer of at least 1,
     *         a length not one of at least 0, or the hashes are not a non-empty object of strings
     */
    public static MetaFile fromJson(JsonNode node, String where) {
        long version = Fields.integer(node, "version", where, 1);
        OptionalLong length = node.has("length")
                ? OptionalLong.of(Fields.integer(node, "length", where, 0)) : OptionalLong.empty();
        return new MetaFile(version, length, Fields.hashes(node, where));
    }

    /**
     * The entry as metadata writes it, for repository tooling.
     *
     * @return a new object; length and hashes only when present
     */
    public ObjectNode toJson() {
        ObjectNode node = StrictJson.object();
        node.put("version", version);
        length.ifPresent(l -> node.put("length", l));
        if (!hashes.isEmpty()) {
            ObjectNode hashNode = node.putObject("hashes");
            hashes.forEach(hashNode::put);
        }
        return node;
    }
}
