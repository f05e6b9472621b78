package io.patchbay.tuf.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * The one strict JSON reader and writer of TUF metadata: duplicate keys are refused (two parsers could
 * otherwise disagree on which value was signed), floats are kept exact (canonicalization refuses them
 * rather than rounding), nothing may follow the value, and NaN/Infinity are not numbers.
 *
 * <p>Reading goes through {@link FastJsonReader} first, a one-pass reader of the common subset that also
 * writes the canonical bytes of a metadata envelope's "signed" value as it reads; it leaves everything
 * else (and every error) to the Jackson-based reader below, and yields exactly the same trees.
 *
 * <p>Trees are built straight from Jackson's streaming parser, without an ObjectMapper: a mapper costs a
 * few hundred classes and ~0.3 s of CPU to start, which a one-shot client call pays in full, and a shared
 * mapper is mutable (anyone could switch duplicate detection off for everyone). Nesting depth is bounded
 * by the parser's own limit (1000).
 */
public final class StrictJson {

    /** Jackson's streaming factory, set up on first use (the fast reader needs none of it). */
    private static final class Jackson {
        static final JsonFactory FACTORY = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private StrictJson() {
    }

    /**
     * Parses one JSON document strictly.
     *
     * @param bytes UTF-8 JSON
     * @param what  what the bytes are (e.g. {@code "snapshot.json"}), for the error message
     * @return the tree; numbers with a fraction kept exact as decimals
     * @throws MalformedMetadataException if {@code bytes} are not exactly one JSON value without duplicate keys
     */
    public static JsonNode parse(byte[] bytes, String what) {
        FastJsonReader.Result fast = FastJsonReader.read(bytes, NODES, false);
        return fast != null ? fast.tree() : parseWithJackson(bytes, what);
    }

    /**
     * Like {@link #parse}, and also the canonical JSON of the top-level object's "signed" value as read
     * (null when the fast reader did not take the input, or there is no "signed").
     */
    static FastJsonReader.Result parseEnvelope(byte[] bytes, String what) {
        FastJsonReader.Result fast = FastJsonReader.read(bytes, NODES, true);
        return fast != null ? fast : new FastJsonReader.Result(parseWithJackson(bytes, what), null);
    }

    /** The reference reader, for everything the fast reader leaves to it (and its errors' messages). */
    static JsonNode parseWithJackson(byte[] bytes, String what) {
        try (JsonParser parser = Jackson.FACTORY.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new MalformedMetadataException(what + " is empty");
            }
            JsonNode root = readValue(parser);
            if (parser.nextToken() != null) {
                throw new MalformedMetadataException(what + " is not valid JSON: trailing content after the value");
            }
            return root;
        } catch (IOException | NumberFormatException e) {
            // (Jackson reports a number it cannot represent, e.g. an exponent of 20 digits, as NumberFormatException.)
            throw new MalformedMetadataException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Builds the value starting at the current token, iteratively (no recursion per nesting level). */
    private static JsonNode readValue(JsonParser parser) throws IOException {
        Deque<JsonNode> open = new ArrayDeque<>();
        String fieldName = null;
        JsonNode root = null;
        for (JsonToken token = parser.currentToken(); ; token = parser.nextToken()) {
            JsonNode node;
            switch (token) {
                case FIELD_NAME -> {
                    fieldName = parser.currentName();
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    open.pop();
                    if (open.isEmpty()) {
                        return root;
                    }
                    continue;
                }
                case START_OBJECT -> node = NODES.objectNode();
                case START_ARRAY -> node = NODES.arrayNode();
                case VALUE_STRING -> node = NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> node = switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> node = NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE -> node = NODES.booleanNode(true);
                case VALUE_FALSE -> node = NODES.booleanNode(false);
                case VALUE_NULL -> node = NODES.nullNode();
                default -> throw new IOException("unexpected token " + token);
            }
            JsonNode parent = open.peek();
            if (parent == null) {
                root = node;
            } else if (parent instanceof ObjectNode object) {
                object.set(fieldName, node);
            } else {
                ((ArrayNode) parent).add(node);
            }
            if (node.isContainerNode()) {
                open.push(node);
            } else if (parent == null) {
                return root;
            }
        }
    }

    /**
     * Pretty-printed JSON (what a repository serves; signatures cover the canonical form, not this one).
     *
     * @param node the tree to write
     * @return UTF-8 JSON
     * @throws MalformedMetadataException if the tree holds a node that has no JSON form (binary, POJO)
     */
    public static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = Jackson.FACTORY.createGenerator(out)) {
            generator.setPrettyPrinter(new DefaultPrettyPrinter());
            writeValue(generator, node);
        } catch (IOException e) {
            throw new MalformedMetadataException("cannot serialize JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    generator.writeFieldName(field.getKey());
                    writeValue(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    writeValue(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    default -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            default -> throw new IOException("cannot write JSON node of type " + node.getNodeType());
        }
    }

    /**
     * A new empty object from the reader's node factory (decimals kept exact, never normalised), for
     * building metadata by hand.
     *
     * @return a new, empty object node
     */
    public static ObjectNode object() {
        return NODES.objectNode();
    }
}
