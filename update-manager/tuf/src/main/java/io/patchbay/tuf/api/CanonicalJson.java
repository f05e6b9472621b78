package io.patchbay.tuf.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
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
 *
 * <p>Every signature check encodes a whole role file (a hash bin lists hundreds of targets), so the
 * encoder writes UTF-8 straight into one growing byte array: no intermediate strings, no per-object
 * entry lists unless the keys actually need sorting.
 */
public final class CanonicalJson {

    private byte[] buf;
    private int size;

    private CanonicalJson(int capacity) {
        this.buf = new byte[capacity];
    }

    /**
     * Encodes a JSON tree as the bytes a TUF signature or key id is computed over.
     *
     * @param node the tree, typically a role's {@code signed} object; not modified
     * @return the canonical UTF-8 bytes
     * @throws MalformedMetadataException if the tree holds a float, binary/POJO node or an unpaired surrogate
     */
    public static byte[] encode(JsonNode node) {
        CanonicalJson out = new CanonicalJson(node.isContainerNode() ? 1024 : 64);
        out.write(node);
        return Arrays.copyOf(out.buf, out.size);
    }

    private void write(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node);
            case ARRAY -> {
                put((byte) '[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        put((byte) ',');
                    }
                    write(node.get(i));
                }
                put((byte) ']');
            }
            case STRING -> writeString(node.textValue());
            case NUMBER -> writeNumber(node);
            case BOOLEAN -> putAscii(node.booleanValue() ? "true" : "false");
            case NULL -> putAscii("null");
            default -> throw new MalformedMetadataException("cannot canonicalize JSON node of type " + node.getNodeType());
        }
    }

    private void writeNumber(JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw new MalformedMetadataException("canonical JSON allows integers only, got " + node);
        }
        JsonParser.NumberType type = node.numberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            putAscii(Long.toString(node.longValue()));
        } else {
            putAscii(node.bigIntegerValue().toString());
        }
    }

    @SuppressWarnings("unchecked")
    private void writeObject(JsonNode node) {
        int count = node.size();
        Map.Entry<String, JsonNode>[] fields = new Map.Entry[count];
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        boolean sorted = true;
        for (int i = 0; i < count; i++) {
            fields[i] = it.next();
            if (sorted && i > 0 && compareCodePoints(fields[i - 1].getKey(), fields[i].getKey()) > 0) {
                sorted = false;
            }
        }
        if (!sorted) {
            Arrays.sort(fields, (a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        }
        put((byte) '{');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            writeString(fields[i].getKey());
            put((byte) ':');
            write(fields[i].getValue());
        }
        put((byte) '}');
    }

    /**
     * UTF-8 with only '"' and '\' escaped. Java strings may hold unpaired surrogates, which have no UTF-8
     * form; they are refused rather than substituted with '?'.
     */
    private void writeString(String value) {
        int length = value.length();
        ensure(length * 3 + 2); // no char takes more than 3 bytes (an escape 2, a surrogate pair 4 for 2 chars)
        byte[] b = buf;
        int n = size;
        b[n++] = '"';
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[n++] = '\\';
                }
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xc0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= length || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    throw new MalformedMetadataException("string holds an unpaired surrogate at index " + i);
                }
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[n++] = (byte) (0xf0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[n++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                b[n++] = (byte) (0xe0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        b[n++] = '"';
        size = n;
    }

    /** Digits and the literals true/false/null: one byte per char. */
    private void putAscii(String ascii) {
        int length = ascii.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buf[size++] = (byte) ascii.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    /** Room for {@code more} bytes after {@code size}. */
    private void ensure(int more) {
        if (buf.length - size < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** Code point order (what Python's sorted() on str gives). */
    static int compareCodePoints(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // UTF-16 order equals code point order except that surrogates (U+10000 and up) must sort
                // after U+E000..U+FFFF: move the two ranges past each other (ICU's code point fix-up).
                return Integer.compare(fixUp(ca), fixUp(cb));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static int fixUp(char c) {
        if (c >= 0xe000) {
            return c - 0x800;
        }
        return Character.isSurrogate(c) ? c + 0x2000 : c;
    }
}
