package io.patchbay.tuf.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one strictly configured JSON reader and writer of TUF metadata. The mapper itself stays private:
 * an ObjectMapper is mutable, and nobody may switch off duplicate-key detection for everyone.
 */
public final class StrictJson {

    /**
     * Duplicate keys are refused: two parsers could otherwise disagree on which value was signed. Floats
     * are kept exact so that canonicalization can refuse them instead of silently rounding.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private StrictJson() {
    }

    /** @throws MalformedMetadataException if {@code bytes} are not one JSON value without duplicate keys */
    public static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new MalformedMetadataException(what + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedMetadataException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Pretty-printed JSON (what a repository serves; signatures cover the canonical form, not this one). */
    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new MalformedMetadataException("cannot serialize JSON: " + e.getMessage(), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
