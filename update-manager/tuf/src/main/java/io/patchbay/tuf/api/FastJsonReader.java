package io.patchbay.tuf.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link StrictJson}: one pass over UTF-8 bytes that builds the same Jackson tree as the
 * strict Jackson reader AND, for a metadata envelope, writes the canonical JSON of its {@code "signed"}
 * value as it goes (the bytes every signature covers), so verification neither walks nor re-encodes
 * the tree. This class reads and decides; the bytes go out through a {@link CanonicalWriter}, which
 * also puts each object's members into key order.
 *
 * <p>It handles only the plain, common subset of JSON and gives up ({@link #read} returns null) on
 * everything else, leaving the decision to the Jackson reader: anything malformed (the Jackson reader
 * then reports it), duplicate keys, a byte-order mark or other encodings, numbers that are not integers
 * of at most 18 digits, escapes of surrogates, encodings that are not shortest-form UTF-8, a scalar at the
 * top level, nesting deeper than {@value #MAX_DEPTH} and very long strings. So for every input it either
 * gives up or yields exactly what the Jackson reader yields (StrictJson's differential tests hold it to
 * that), and the canonical bytes equal {@link CanonicalJson#encode} of the tree's {@code "signed"} value.
 *
 * <p>Small methods, one per JSON production, so that a fresh JVM compiles them after a few calls rather
 * than interpreting one long loop (the client reads a handful of files per process).
 */
final class FastJsonReader {

    static final int MAX_DEPTH = 64;
    /** Below Jackson's shortest string limit (50,000 chars for a name), so the fast path never accepts more. */
    private static final int MAX_STRING_BYTES = 40_000;
    private static final String SIGNED = "signed";

    /**
     * Gives up on the fast path (a shared instance without stack trace: giving up is not an error here).
     * Package-visible because {@link Utf8Scan} gives up with it too.
     */
    static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GiveUp() {
            super(null, null, false, false);
        }
    }

    static final GiveUp GIVE_UP = new GiveUp();

    /** What one read produced: the tree and, if asked for and present, the canonical bytes of "signed". */
    record Result(JsonNode tree, byte[] signedCanonical) {
    }

    private final byte[] in;
    private final int end;
    private final JsonNodeFactory nodes;
    private final boolean captureSigned;
    private int pos;
    private int depth;

    /** The canonical output, present only while inside the top-level "signed" value. */
    private CanonicalWriter canonical;
    private byte[] signedCanonical;
    /** Whether the last string read was plain ASCII without escapes. */
    private boolean lastAscii;

    private FastJsonReader(byte[] in, JsonNodeFactory nodes, boolean captureSigned) {
        this.in = in;
        this.end = in.length;
        this.nodes = nodes;
        this.captureSigned = captureSigned;
    }

    /**
     * @param captureSigned also produce the canonical bytes of the top-level object's "signed" value
     * @return the tree (and canonical bytes), or null if the input is outside the fast path's subset
     */
    static Result read(byte[] bytes, JsonNodeFactory nodes, boolean captureSigned) {
        FastJsonReader reader = new FastJsonReader(bytes, nodes, captureSigned);
        try {
            JsonNode tree = reader.document();
            return new Result(tree, reader.signedCanonical);
        } catch (GiveUp | ArrayIndexOutOfBoundsException e) {
            // (an index past the end is input cut short: the Jackson reader reports it)
            return null;
        }
    }

    private JsonNode document() {
        skipWhitespace();
        if (pos >= end) {
            throw GIVE_UP;
        }
        byte first = in[pos];
        JsonNode root;
        if (first == '{') {
            root = object(true);
        } else if (first == '[') {
            root = array();
        } else {
            throw GIVE_UP;
        }
        skipWhitespace();
        if (pos != end) {
            throw GIVE_UP;
        }
        return root;
    }

    private JsonNode value() {
        skipWhitespace();
        switch (in[pos]) {
            case '{':
                return object(false);
            case '[':
                return array();
            case '"':
                return nodes.textNode(string());
            case 't':
                return literal("true", nodes.booleanNode(true));
            case 'f':
                return literal("false", nodes.booleanNode(false));
            case 'n':
                return literal("null", nodes.nullNode());
            default:
                return number();
        }
    }

    private ObjectNode object(boolean top) {
        if (++depth > MAX_DEPTH) {
            throw GIVE_UP;
        }
        pos++;
        ObjectNode object = nodes.objectNode();
        int base = canonical != null ? canonical.openObject() : 0;
        skipWhitespace();
        if (in[pos] == '}') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                if (in[pos] != '"') {
                    throw GIVE_UP;
                }
                int memberStart = canonical != null ? canonical.length() : 0;
                String key = string();
                boolean keyAscii = lastAscii;
                skipWhitespace();
                if (in[pos++] != ':') {
                    throw GIVE_UP;
                }
                JsonNode value;
                if (top && captureSigned && SIGNED.equals(key)) {
                    value = capturedValue();
                } else {
                    if (canonical != null) {
                        canonical.put(':');
                    }
                    value = value();
                }
                if (object.replace(key, value) != null) {
                    throw GIVE_UP; // a duplicate key: the Jackson reader refuses it with its message
                }
                if (canonical != null) {
                    canonical.pushMember(memberStart, key, keyAscii);
                }
                skipWhitespace();
                byte next = in[pos++];
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw GIVE_UP;
                }
                if (canonical != null) {
                    canonical.put(',');
                }
            }
        }
        if (canonical != null) {
            canonical.closeObject(base);
        }
        depth--;
        return object;
    }

    /** The value of the top-level "signed" member, written canonically into a fresh buffer. */
    private JsonNode capturedValue() {
        canonical = new CanonicalWriter(in);
        JsonNode value = value();
        signedCanonical = canonical.toByteArray();
        canonical = null;
        return value;
    }

    private ArrayNode array() {
        if (++depth > MAX_DEPTH) {
            throw GIVE_UP;
        }
        pos++;
        ArrayNode array = nodes.arrayNode();
        if (canonical != null) {
            canonical.put('[');
        }
        skipWhitespace();
        if (in[pos] == ']') {
            pos++;
        } else {
            while (true) {
                array.add(value());
                skipWhitespace();
                byte next = in[pos++];
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    throw GIVE_UP;
                }
                if (canonical != null) {
                    canonical.put(',');
                }
            }
        }
        if (canonical != null) {
            canonical.put(']');
        }
        depth--;
        return array;
    }

    private JsonNode literal(String word, JsonNode node) {
        int length = word.length();
        if (end - pos < length) {
            throw GIVE_UP;
        }
        for (int i = 0; i < length; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw GIVE_UP;
            }
        }
        pos += length;
        requireDelimiter();
        if (canonical != null) {
            canonical.putAscii(word);
        }
        return node;
    }

    /** An integer of at most 18 digits (anything else: the Jackson reader decides). */
    private JsonNode number() {
        int start = pos;
        boolean negative = in[pos] == '-';
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        while (pos < end) {
            int digit = in[pos] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0 || digits > 18 || (digits > 1 && in[digitsStart] == '0')) {
            throw GIVE_UP;
        }
        requireDelimiter();
        if (negative) {
            value = -value;
        }
        if (canonical != null) {
            if (value == 0) {
                canonical.put('0'); // "-0" is 0
            } else {
                canonical.putBytes(start, pos - start);
            }
        }
        return value == (int) value ? nodes.numberNode((int) value) : nodes.numberNode(value);
    }

    /** After a number or literal: whitespace, ',', ']', '}' or the end (so "1.5", "1e3", "truex" give up). */
    private void requireDelimiter() {
        if (pos < end) {
            byte b = in[pos];
            if (b != ',' && b != '}' && b != ']' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                throw GIVE_UP;
            }
        }
    }

    /** A string at pos (its opening quote); writes its canonical form when capturing. */
    private String string() {
        int start = pos + 1;
        int i = start;
        boolean ascii = true;
        while (true) {
            byte b = in[i];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                return escapedString(start);
            }
            if (b >= 0 && b < 0x20) {
                throw GIVE_UP;
            }
            if (b < 0) {
                ascii = false;
                i = Utf8Scan.utf8Sequence(in, i);
            } else {
                i++;
            }
        }
        int length = i - start;
        if (length > MAX_STRING_BYTES) {
            throw GIVE_UP;
        }
        pos = i + 1;
        lastAscii = ascii;
        if (canonical != null) {
            // Canonical JSON escapes only '"' and '\', and raw bytes hold neither: the source is canonical.
            canonical.put('"');
            canonical.putBytes(start, length);
            canonical.put('"');
        }
        return new String(in, start, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** The slow string path: escapes are decoded (and written canonically: only '"' and '\' stay escaped). */
    private String escapedString(int start) {
        StringBuilder text = new StringBuilder(64);
        if (canonical != null) {
            canonical.put('"');
        }
        int i = start;
        while (true) {
            byte b = in[i];
            if (b == '"') {
                break;
            }
            if (b >= 0 && b < 0x20) {
                throw GIVE_UP;
            }
            if (b == '\\') {
                char c = Utf8Scan.escape(in, i + 1);
                i += in[i + 1] == 'u' ? 6 : 2;
                text.append(c);
                if (canonical != null) {
                    canonical.putChar(c);
                }
            } else if (b >= 0) {
                text.append((char) b);
                if (canonical != null) {
                    canonical.put((char) b);
                }
                i++;
            } else {
                int next = Utf8Scan.utf8Sequence(in, i);
                text.appendCodePoint(Utf8Scan.codePoint(in, i, next - i));
                if (canonical != null) {
                    canonical.putBytes(i, next - i);
                }
                i = next;
            }
            if (i - start > MAX_STRING_BYTES) {
                throw GIVE_UP;
            }
        }
        pos = i + 1;
        lastAscii = false;
        if (canonical != null) {
            canonical.put('"');
        }
        return text.toString();
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }
}
