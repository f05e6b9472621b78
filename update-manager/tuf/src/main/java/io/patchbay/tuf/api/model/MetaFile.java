package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.StrictJson;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A METAFILES entry of timestamp or snapshot: {@code {"version": n, "length"?: n, "hashes"?: {...}}}.
 *
 * @param hashes empty when the repository does not list hashes (then only the version is checked)
 */
public record MetaFile(long version, OptionalLong length, Map<String, String> hashes) {

    public MetaFile {
        hashes = Map.copyOf(hashes);
    }

    public static MetaFile ofVersion(long version) {
        return new MetaFile(version, OptionalLong.empty(), Map.of());
    }

    public static MetaFile fromJson(JsonNode node, String where) {
        long version = Fields.integer(node, "version", where, 1);
        OptionalLong length = node.has("length")
                ? OptionalLong.of(Fields.integer(node, "length", where, 0)) : OptionalLong.empty();
        return new MetaFile(version, length, Fields.hashes(node, where));
    }

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
