package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict readers for required fields, so that every malformed field gets a message naming it. */
final class Fields {

    private Fields() {
    }

    static JsonNode object(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new MalformedMetadataException(where + ": '" + field + "' missing or not an object");
        }
        return node;
    }

    static String text(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new MalformedMetadataException(where + ": '" + field + "' missing or not a string");
        }
        return node.textValue();
    }

    static long integer(JsonNode parent, String field, String where, long min) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
            throw new MalformedMetadataException(where + ": '" + field + "' must be an integer >= " + min + ", got " + node);
        }
        return node.longValue();
    }

    static boolean bool(JsonNode parent, String field, String where, boolean absent) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw new MalformedMetadataException(where + ": '" + field + "' must be a boolean, got " + node);
        }
        return node.booleanValue();
    }

    static boolean requiredBool(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isBoolean()) {
            throw new MalformedMetadataException(where + ": '" + field + "' missing or not a boolean, got " + node);
        }
        return node.booleanValue();
    }

    /** A list of strings, or null when the field is absent. */
    static List<String> textListOrNull(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw new MalformedMetadataException(where + ": '" + field + "' must be a list of strings");
        }
        List<String> list = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new MalformedMetadataException(where + ": '" + field + "' must be a list of strings");
            }
            list.add(element.textValue());
        }
        return Collections.unmodifiableList(list);
    }

    /** hashes: {"sha256": "hex", ...}; empty map when absent. Present but empty is malformed (it checks nothing). */
    static Map<String, String> hashes(JsonNode parent, String where) {
        JsonNode node = parent.get("hashes");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedMetadataException(where + ": 'hashes' must be a non-empty object, got " + node);
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new MalformedMetadataException(where + ": hash '" + entry.getKey() + "' must be a hex string");
            }
            hashes.put(entry.getKey(), entry.getValue().textValue());
        }
        return Collections.unmodifiableMap(hashes);
    }
}
