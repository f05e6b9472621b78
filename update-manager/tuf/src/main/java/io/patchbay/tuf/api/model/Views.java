package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RepositoryMismatchException;
import io.patchbay.tuf.api.TufKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared checks of the role views. */
final class Views {

    private Views() {
    }

    static void requireType(Metadata metadata, String expected) {
        if (!expected.equals(metadata.type())) {
            throw new RepositoryMismatchException("expected " + expected + " metadata, got _type '" + metadata.type() + "'");
        }
    }

    /** A {"keyid": key} map; keys that fail to parse make the whole metadata malformed. */
    static Map<String, TufKey> keys(JsonNode keysNode, String where) {
        Map<String, TufKey> keys = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : keysNode.properties()) {
            try {
                keys.put(entry.getKey(), TufKey.fromJson(entry.getValue()));
            } catch (MalformedMetadataException e) {
                throw new MalformedMetadataException(where + ": key " + entry.getKey() + ": " + e.getMessage());
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    static Map<String, MetaFile> meta(Metadata metadata) {
        String where = metadata.type() + " v" + metadata.version();
        JsonNode metaNode = Fields.object(metadata.signed(), "meta", where);
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : metaNode.properties()) {
            if (!entry.getValue().isObject()) {
                throw new MalformedMetadataException(where + ": meta entry '" + entry.getKey() + "' must be an object");
            }
            meta.put(entry.getKey(), MetaFile.fromJson(entry.getValue(), where + " meta '" + entry.getKey() + "'"));
        }
        return Collections.unmodifiableMap(meta);
    }
}
