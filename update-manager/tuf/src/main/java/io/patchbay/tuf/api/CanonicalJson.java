package io.patchbay.tuf.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OLPC canonical JSON exactly as securesystemslib's {@code encode_canonical} writes it, which is what
 * TUF signatures and key ids are computed over:
 * <ul>
 *   <li>no whitespace; object keys sorted by Unicode code point (Python's {@code sorted} on str, which is
 *       also UTF-8 byte order; it differs from Java's UTF-16 {@code String.compareTo} only for keys with
 *       characters above U+FFFF);</li>
 *   <li>strings UTF-8 encoded, with only {@code "} and {@code \} escaped (control characters stay raw);</li>
 *   <li>integers in decimal, {@code true}, {@code false}, {@code null}; any non-integral number is an error.</li>
 * </ul>
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /**
     * @throws MalformedMetadataException if the tree holds a float, binary/POJO node or an unpaired surrogate
     */
    public static byte[] encode(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(node, out);
        return out.toByteArray();
    }

    private static void write(JsonNode node, ByteArrayOutputStream out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.write('[');
                boolean first = true;
                for (JsonNode element : node) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    write(element, out);
                }
                out.write(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new MalformedMetadataException("canonical JSON allows integers only, got " + node);
                }
                out.writeBytes(node.bigIntegerValue().toString().getBytes(StandardCharsets.US_ASCII));
            }
            case BOOLEAN -> out.writeBytes((node.booleanValue() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
            case NULL -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
            default -> throw new MalformedMetadataException("cannot canonicalize JSON node of type " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, ByteArrayOutputStream out) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : fields) {
            if (!first) {
                out.write(',');
            }
            first = false;
            writeString(field.getKey(), out);
            out.write(':');
            write(field.getValue(), out);
        }
        out.write('}');
    }

    private static void writeString(String value, ByteArrayOutputStream out) {
        requireWellFormed(value);
        out.write('"');
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
        out.writeBytes(escaped.getBytes(StandardCharsets.UTF_8));
        out.write('"');
    }

    /** Java strings may hold unpaired surrogates, which have no UTF-8 form; refuse rather than substitute '?'. */
    private static void requireWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new MalformedMetadataException("string holds an unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new MalformedMetadataException("string holds an unpaired surrogate at index " + i);
            }
        }
    }

    /** Code point order (what Python's sorted() on str gives). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
