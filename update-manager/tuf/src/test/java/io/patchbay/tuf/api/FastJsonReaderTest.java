package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.patchbay.tuf.TestResources;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential tests of the fast reader against the Jackson reader it stands in front of: on every input
 * it must either give up (null) or produce exactly the Jackson tree (same node classes, same member
 * order) and, for "signed", exactly {@link CanonicalJson#encode} of that tree's value. Random documents
 * cover the accepted subset, mutated ones the refusals; the named cases pin the edges.
 */
class FastJsonReaderTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The contract, for one input. @return whether the fast reader took it */
    private static boolean check(byte[] bytes) {
        FastJsonReader.Result fast = FastJsonReader.read(bytes, NODES, true);
        JsonNode reference;
        try {
            reference = StrictJson.parseWithJackson(bytes, "reference");
        } catch (MalformedMetadataException refused) {
            assertNull(fast, () -> "the Jackson reader refuses, the fast reader took: " + show(bytes));
            return false;
        }
        if (fast == null) {
            return false;
        }
        assertSameTree(reference, fast.tree(), show(bytes));
        JsonNode signed = reference.isObject() ? reference.get("signed") : null;
        if (signed == null) {
            assertNull(fast.signedCanonical(), show(bytes));
        } else {
            assertArrayEquals(CanonicalJson.encode(signed), fast.signedCanonical(), () -> show(bytes));
        }
        // And the tree alone (StrictJson.parse's fast path) is the same.
        assertSameTree(reference, FastJsonReader.read(bytes, NODES, false).tree(), show(bytes));
        return true;
    }

    private static String show(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return s.toString();
    }

    /** Equal values, equal node classes (IntNode is not LongNode), equal member order. */
    static void assertSameTree(JsonNode expected, JsonNode actual, String where) {
        assertEquals(expected.getClass(), actual.getClass(), where);
        if (expected.isObject()) {
            List<String> expectedNames = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertEquals(expectedNames, actualNames, where);
            for (String name : expectedNames) {
                assertSameTree(expected.get(name), actual.get(name), where);
            }
        } else if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), where);
            Iterator<JsonNode> a = actual.elements();
            for (JsonNode e : expected) {
                assertSameTree(e, a.next(), where);
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    @Test
    void randomDocumentsReadExactlyAsJacksonReadsThem() {
        Random random = new Random(20261201);
        int taken = 0;
        for (int i = 0; i < 6000; i++) {
            byte[] doc = new Generator(random).document().getBytes(StandardCharsets.UTF_8);
            if (check(doc)) {
                taken++;
            }
        }
        // Most of them are in the fast subset (no floats, big numbers, surrogate escapes, duplicates).
        assertTrue(taken > 2000, "the fast reader took only " + taken);
    }

    @Test
    void mutatedDocumentsAreRefusedOrReadAsJacksonReadsThem() {
        Random random = new Random(6);
        byte[] tricky = {'{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '-', '.', 'e', 'u', 'a', 't', 0, 0x1f,
                (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc3, (byte) 0xe0, (byte) 0xed, (byte) 0xf0, (byte) 0xf4,
                (byte) 0xf5, (byte) 0xff};
        for (int i = 0; i < 20000; i++) {
            byte[] doc = new Generator(random).document().getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = random.nextInt(doc.length + 1);
            out.write(doc, 0, at);
            switch (random.nextInt(4)) {
                case 0 -> out.write(tricky[random.nextInt(tricky.length)]);       // insert
                case 1 -> at++;                                                  // delete
                case 2 -> { out.write(tricky[random.nextInt(tricky.length)]); at++; } // replace
                default -> at = doc.length;                                      // truncate
            }
            if (at < doc.length) {
                out.write(doc, at, doc.length - at);
            }
            check(out.toByteArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // numbers: kinds and edges
        "[0]", "[-0]", "[-1]", "[2147483647]", "[2147483648]", "[-2147483648]", "[-2147483649]",
        "[999999999999999999]", "[-999999999999999999]", "[1000000000000000000]", "[9223372036854775807]",
        "[9223372036854775808]", "[12345678901234567890123]", "[1.0]", "[1e2]", "[1E2]", "[-]", "[01]", "[-01]",
        "[00]", "[1.]", "[.5]", "[+1]", "[1 2]", "[1,2]", "[1x]",
        // literals
        "[true]", "[false]", "[null]", "[truex]", "[tru]", "[nul]", "[True]", "[true,false,null]",
        // strings and escapes
        "[\"\"]", "[\"a\\\"b\"]", "[\"a\\\\b\"]", "[\"\\/\"]", "[\"\\b\\f\\n\\r\\t\"]", "[\"\\u0000\"]",
        "[\"\\u0022\\u005c\"]", "[\"\\u00e9\\u20AC\"]", "[\"\\ud83d\\ude00\"]", "[\"\\ud83d\"]", "[\"\\ude00x\"]",
        "[\"\\x\"]", "[\"\\u12\"]", "[\"\\u12g4\"]", "[\"tab\there\"]", "[\"\u007f\"]",
        // structure
        "{}", "[]", "{\"a\":1}", "{\"a\":1,\"a\":1}", "{\"a\":{\"b\":1,\"b\":2}}", "{\"a\":1,}", "[1,]", "{,}",
        "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\":1}}", "[[]", "[]]", "{} {}", "{}x", "  {}  ", "\"x\"", "1", "null",
        "", "   ", "{\"b\":1,\"a\":{\"d\":[3,{\"f\":1,\"e\":2}],\"c\":null}}",
        // envelopes
        "{\"signed\":{\"b\":1,\"a\":2},\"signatures\":[]}", "{\"signatures\":[],\"signed\":[2,{\"y\":1,\"x\":0}]}",
        "{\"signed\":1}", "{\"signed\":{},\"signed\":{}}", "{\"x\":{\"signed\":{\"b\":1,\"a\":2}}}",
        "{\"signed\":{\"f\":1.5}}", "{\"signed\":{\"s\":\"\\ud800\"}}"})
    void namedEdges(String json) {
        check(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodingsOtherThanShortestFormUtf8AreLeftToJackson() {
        byte[][] cases = {
            {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},                          // UTF-8 byte-order mark
            {0, '{', 0, '}'},                                                            // UTF-16BE
            {'{', 0, '}', 0},                                                            // UTF-16LE
            {'[', '"', (byte) 0xc0, (byte) 0x80, '"', ']'},                              // overlong NUL
            {'[', '"', (byte) 0xe0, (byte) 0x80, (byte) 0xaf, '"', ']'},                 // overlong '/'
            {'[', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ']'},                 // a UTF-8 encoded surrogate
            {'[', '"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', ']'},    // above U+10FFFF
            {'[', '"', (byte) 0xc3, '"', ']'},                                           // cut short
            {'[', '"', (byte) 0xff, '"', ']'},
        };
        for (byte[] bytes : cases) {
            assertNull(FastJsonReader.read(bytes, NODES, true), show(bytes));
            check(bytes);
        }
        byte[] fine = "[\"é€😀\uffff\ue000\"]".getBytes(StandardCharsets.UTF_8);
        assertTrue(check(fine));
    }

    @Test
    void depthAndLengthLimitsHandTheInputToJackson() {
        int max = FastJsonReader.MAX_DEPTH;
        assertTrue(check(("[".repeat(max) + "]".repeat(max)).getBytes(StandardCharsets.UTF_8)));
        byte[] deeper = ("[".repeat(max + 1) + "]".repeat(max + 1)).getBytes(StandardCharsets.UTF_8);
        assertNull(FastJsonReader.read(deeper, NODES, false));
        check(deeper);
        check(("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        // Jackson refuses names over 50,000 chars; the fast reader leaves long strings to it.
        byte[] longName = ("{\"" + "n".repeat(60_000) + "\":1}").getBytes(StandardCharsets.UTF_8);
        assertNull(FastJsonReader.read(longName, NODES, false));
        assertThrows(MalformedMetadataException.class, () -> StrictJson.parse(longName, "x"));
        assertTrue(check(("[\"" + "s".repeat(40_000) + "\"]").getBytes(StandardCharsets.UTF_8)));
        assertNull(FastJsonReader.read(("[\"" + "s".repeat(40_001) + "\"]").getBytes(StandardCharsets.UTF_8), NODES, false));
    }

    /** Real metadata (python-tuf's test repository, pretty-printed with sorted keys) takes the fast path. */
    @Test
    void realMetadataTakesTheFastPathWithTheSameBytes() throws Exception {
        for (String name : new String[] {"root", "timestamp", "snapshot", "targets", "role1", "role2"}) {
            byte[] bytes = TestResources.pythonTuf(name);
            assertTrue(check(bytes), name);
            Metadata.Parsed parsed = Metadata.parseWithSignedBytes(bytes);
            assertArrayEquals(parsed.metadata().signedCanonicalBytes(), parsed.signedBytes(), name);
        }
    }

    @Test
    void parsedBytesOfJacksonReadMetadataAreEncodedFromTheTree() {
        // A float makes the fast reader give up; "signed" then has no canonical form, reported when asked.
        byte[] withFloat = ("{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"spec_version\":\"1.0.31\","
                + "\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"x\":1.5}}").getBytes(StandardCharsets.UTF_8);
        Metadata.Parsed parsed = Metadata.parseWithSignedBytes(withFloat);
        assertThrows(MalformedMetadataException.class, parsed::signedBytes);
        // With a byte-order mark (Jackson reads it), the bytes are the tree's encoding.
        byte[] bom = ("\ufeff{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"spec_version\":\"1.0.31\","
                + "\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"b\":1,\"a\":2}}").getBytes(StandardCharsets.UTF_8);
        Metadata.Parsed viaJackson = Metadata.parseWithSignedBytes(bom);
        assertNotNull(viaJackson.signedBytes());
        assertArrayEquals(viaJackson.metadata().signedCanonicalBytes(), viaJackson.signedBytes());
    }

    /** Random JSON text: random trees, key orders, whitespace, escapes, scripts and number kinds. */
    private static final class Generator {
        private static final String[] WHITESPACE = {"", "", "", " ", "\n", "  ", "\t", "\r\n", " \n  "};
        private static final String[] KEYS = {"a", "b", "_type", "signed", "sha256", "sha512", "length", "é", "ü",
            "\ue000", "\uffff", "😀", "a/b", "B", "", "ab", "a\"", "a\\", "z"};
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Generator(Random random) {
            this.random = random;
        }

        String document() {
            ws();
            if (random.nextInt(3) == 0) {
                envelope();
            } else if (random.nextBoolean()) {
                object(0);
            } else {
                array(0);
            }
            ws();
            return out.toString();
        }

        private void envelope() {
            boolean signedFirst = random.nextBoolean();
            out.append('{');
            ws();
            if (signedFirst) {
                member("signed", () -> object(1));
                out.append(',');
                ws();
                member("signatures", () -> array(1));
            } else {
                member("signatures", () -> array(1));
                out.append(',');
                ws();
                member("signed", () -> object(1));
            }
            out.append('}');
        }

        private void member(String key, Runnable value) {
            string(key);
            ws();
            out.append(':');
            ws();
            value.run();
            ws();
        }

        private void value(int depth) {
            int kind = random.nextInt(depth > 4 ? 6 : 8);
            switch (kind) {
                case 0, 1 -> string(randomText());
                case 2, 3 -> number();
                case 4 -> out.append(random.nextBoolean() ? "true" : "false");
                case 5 -> out.append("null");
                case 6 -> object(depth + 1);
                default -> array(depth + 1);
            }
        }

        private void object(int depth) {
            out.append('{');
            ws();
            int count = random.nextInt(12) == 0 ? random.nextInt(60) : random.nextInt(6); // big ones: merge sort
            List<String> used = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    out.append(',');
                    ws();
                }
                String key;
                do {
                    key = random.nextInt(4) == 0 ? randomText() : KEYS[random.nextInt(KEYS.length)];
                } while (used.contains(key) && random.nextInt(50) != 0); // now and then a duplicate
                used.add(key);
                member(key, () -> value(depth));
            }
            out.append('}');
        }

        private void array(int depth) {
            out.append('[');
            ws();
            int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    out.append(',');
                    ws();
                }
                value(depth);
                ws();
            }
            out.append(']');
        }

        private void number() {
            switch (random.nextInt(10)) {
                case 0 -> out.append(random.nextInt(21) - 10);
                case 1 -> out.append("-0");
                case 2 -> out.append(random.nextLong());
                case 3 -> out.append(random.nextInt());
                case 4 -> out.append(random.nextLong() >>> random.nextInt(64));
                case 5 -> out.append("123456789012345678901234567890".substring(0, 17 + random.nextInt(4)));
                case 6 -> out.append(random.nextBoolean() ? "1.5" : "2e3");
                default -> out.append(random.nextInt(100_000));
            }
        }

        private String randomText() {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(12)) {
                    case 0 -> s.append('"');
                    case 1 -> s.append('\\');
                    case 2 -> s.append((char) random.nextInt(0x20));
                    case 3 -> s.append((char) (0x80 + random.nextInt(0x780)));
                    case 4 -> s.append((char) (0x800 + random.nextInt(0xd000)));
                    case 5 -> s.append((char) (0xe000 + random.nextInt(0x2000)));
                    case 6 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    case 7 -> s.append('/');
                    default -> s.append((char) (0x20 + random.nextInt(0x5f)));
                }
            }
            return s.toString();
        }

        /** Writes a string literal, escaping as a writer might: raw, short escapes or \\u escapes. */
        private void string(String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean escapeAnyway = random.nextInt(8) == 0;
                if (Character.isHighSurrogate(c)) {
                    // A pair is escaped as two escapes (the fast reader leaves those to Jackson) or written raw.
                    char low = text.charAt(++i);
                    out.append(escapeAnyway ? String.format("\\u%04x\\u%04x", (int) c, (int) low) : "" + c + low);
                } else if (c == '"' || c == '\\') {
                    out.append(escapeAnyway ? String.format("\\u%04x", (int) c) : "\\" + c);
                } else if (c < 0x20) {
                    String shortForm = switch (c) {
                        case '\b' -> "\\b";
                        case '\f' -> "\\f";
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        case '\t' -> "\\t";
                        default -> null;
                    };
                    out.append(shortForm != null && !escapeAnyway ? shortForm : String.format("\\u%04X", (int) c));
                } else if (c == '/' && escapeAnyway) {
                    out.append("\\/");
                } else if (escapeAnyway) {
                    out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }

        private void ws() {
            out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
        }
    }

    @Test
    void theGeneratorWritesValidJson() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            String doc = new Generator(random).document();
            try {
                StrictJson.parseWithJackson(doc.getBytes(StandardCharsets.UTF_8), "generated");
            } catch (MalformedMetadataException e) {
                if (!e.getMessage().contains("Duplicate")) {
                    fail(doc + ": " + e.getMessage());
                }
            }
        }
    }
}
