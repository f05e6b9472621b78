package io.patchbay.server.impl.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * JSON for the APIs: strict syntax (no trailing tokens, no comments), bounded nesting, string and number
 * sizes, so a hostile body costs little to refuse. Unknown fields are ignored, so an agent one version ahead
 * still talks to this server. Times are written as ISO-8601 strings by the endpoints themselves.
 */
public final class Json {
    /** Deepest nesting accepted in a request body (host facts sit two levels down). */
    public static final int MAX_DEPTH = 20;
    public static final int MAX_STRING_CHARS = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING_CHARS)
                            .maxNumberLength(32)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** Parses a request body; anything malformed is a 400 that says where. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new HttpError(400, "malformed_json", "the request body is empty; send a JSON object");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new HttpError(400, "malformed_json", "the request body is JSON null; send a JSON object");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new HttpError(400, "malformed_json", "the JSON body exceeds a bound: " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed_json", "malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new HttpError(400, "malformed_json", "unreadable JSON: " + e.getMessage());
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    /** A JSON tree as compact text (for storing host facts as sent, re-serialised). */
    public static String toText(Object tree) {
        return new String(write(tree), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Parses stored JSON text (already validated when it was stored) into a tree, for replies. */
    public static com.fasterxml.jackson.databind.JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is malformed", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
