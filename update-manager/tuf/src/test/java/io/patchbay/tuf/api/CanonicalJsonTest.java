package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.StrictJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static String canonical(String json) {
        return new String(CanonicalJson.encode(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), "test")),
                StandardCharsets.UTF_8);
    }

    @Test
    void sortsKeysAndDropsWhitespace() {
        assertEquals("{\"a\":[true,false,null],\"b\":1,\"c\":{\"x\":-2,\"y\":\"z\"}}",
                canonical("{ \"c\" : {\"y\":\"z\", \"x\": -2}, \"b\": 1, \"a\": [true, false, null] }"));
    }

    @Test
    void escapesOnlyQuoteAndBackslash() {
        ObjectNode node = StrictJson.object();
        node.put("k", "a\"b\\c\nd\te/\u0001");
        byte[] expected = "{\"k\":\"a\\\"b\\\\c\nd\te/\u0001\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, CanonicalJson.encode(node));
    }

    @Test
    void writesUnicodeAsRawUtf8() {
        ObjectNode node = StrictJson.object();
        node.put("name", "é\u20ac\uD83D\uDE00");
        byte[] bytes = CanonicalJson.encode(node);
        assertArrayEquals(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"',
            (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x82, (byte) 0xac,
            (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, '"', '}'}, bytes);
    }

    @Test
    void sortsByCodePointLikePython() {
        ObjectNode node = StrictJson.object();
        // UTF-16 order would put U+1F600 (D83D DE00) before U+E000; Python's sorted() puts it after.
        node.put("\uD83D\uDE00", 1);
        node.put("\uE000", 2);
        node.put("é", 3);
        node.put("z", 4);
        node.put("Z", 5);
        node.put("", 6);
        assertEquals("{\"\":6,\"Z\":5,\"z\":4,\"é\":3,\"\uE000\":2,\"\uD83D\uDE00\":1}",
                new String(CanonicalJson.encode(node), StandardCharsets.UTF_8));
    }

    @Test
    void sortsPrefixKeysShorterFirst() {
        assertEquals("{\"a\":1,\"aa\":2,\"ab\":3,\"b\":4}", canonical("{\"b\":4,\"ab\":3,\"aa\":2,\"a\":1}"));
    }

    @Test
    void keepsBigIntegersExact() {
        ObjectNode node = StrictJson.object();
        node.put("n", new BigInteger("123456789012345678901234567890"));
        node.put("m", Long.MIN_VALUE);
        assertEquals("{\"m\":-9223372036854775808,\"n\":123456789012345678901234567890}",
                new String(CanonicalJson.encode(node), StandardCharsets.UTF_8));
    }

    @Test
    void refusesFloats() {
        assertThrows(MalformedMetadataException.class, () -> canonical("{\"a\": 1.5}"));
        assertThrows(MalformedMetadataException.class, () -> canonical("{\"a\": 1.0}"));
        assertThrows(MalformedMetadataException.class, () -> canonical("[1e3]"));
    }

    @Test
    void refusesUnpairedSurrogates() {
        ObjectNode node = StrictJson.object();
        node.put("k", "bad\uD83D");
        assertThrows(MalformedMetadataException.class, () -> CanonicalJson.encode(node));
        ObjectNode key = StrictJson.object();
        key.put("\uDE00x", 1);
        assertThrows(MalformedMetadataException.class, () -> CanonicalJson.encode(key));
    }

    @Test
    void encodesScalarsAndEmptyContainers() {
        assertEquals("[{},[],\"\",0,null]", canonical("[{}, [], \"\", 0, null]"));
    }

    @Test
    void pythonTufSnapshotSignedBodyIsSecuresystemslibCanonical() {
        // impl.crypto.SignaturesTest checks python-tuf's signature over these bytes.
        Metadata snapshot = Metadata.parse(io.patchbay.tuf.TestResources.pythonTuf("snapshot"));
        assertEquals("{\"_type\":\"snapshot\",\"expires\":\"2030-01-01T00:00:00Z\",\"meta\":{\"role1.json\":{\"version\":1},"
                + "\"role2.json\":{\"version\":1},\"targets.json\":{\"version\":1}},\"spec_version\":\"1.0.0\",\"version\":1}",
                new String(snapshot.signedCanonicalBytes(), StandardCharsets.UTF_8));
    }

    /**
     * Random trees (long strings, every UTF-8 length, big arrays, unsorted keys) against a plain reference
     * encoder: the buffer growth and the fast paths must never change a byte.
     */
    @Test
    void matchesAPlainReferenceEncoderOnRandomTrees() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            com.fasterxml.jackson.databind.JsonNode tree = randomNode(random, 0);
            assertArrayEquals(reference(tree).getBytes(StandardCharsets.UTF_8), CanonicalJson.encode(tree), tree.toString());
        }
    }

    @Test
    void keysSortByCodePointAcrossTheSurrogateRange() {
        String[] ordered = {"\u007f", "\u0080", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffff", "\ud800\udc00", "\udbff\udfff"};
        com.fasterxml.jackson.databind.node.ObjectNode object = StrictJson.object();
        for (int i = ordered.length - 1; i >= 0; i--) {
            object.put(ordered[i], i);
        }
        StringBuilder expected = new StringBuilder("{");
        for (int i = 0; i < ordered.length; i++) {
            expected.append(i > 0 ? "," : "").append('"').append(ordered[i]).append("\":").append(i);
        }
        assertArrayEquals(expected.append('}').toString().getBytes(StandardCharsets.UTF_8), CanonicalJson.encode(object));
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(CanonicalJson.compareCodePoints(ordered[i - 1], ordered[i]) < 0, ordered[i - 1] + " < " + ordered[i]);
            assertTrue(CanonicalJson.compareCodePoints(ordered[i], ordered[i - 1]) > 0);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode randomNode(java.util.Random random, int depth) {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        switch (depth > 3 ? random.nextInt(4) : random.nextInt(6)) {
            case 0: return nodes.textNode(randomString(random, random.nextInt(3) == 0 ? 3000 : 12));
            case 1: return random.nextBoolean() ? nodes.numberNode(random.nextLong()) : nodes.numberNode(random.nextInt());
            case 2: return random.nextBoolean() ? nodes.booleanNode(random.nextBoolean()) : nodes.nullNode();
            case 3: return nodes.numberNode(new java.math.BigInteger(100, random));
            case 4: {
                var array = nodes.arrayNode();
                for (int i = random.nextInt(random.nextInt(8) == 0 ? 300 : 5); i > 0; i--) {
                    array.add(randomNode(random, depth + 1));
                }
                return array;
            }
            default: {
                var object = nodes.objectNode();
                for (int i = random.nextInt(8); i > 0; i--) {
                    object.set(randomString(random, 6), randomNode(random, depth + 1));
                }
                return object;
            }
        }
    }

    private static String randomString(java.util.Random random, int maxLength) {
        StringBuilder s = new StringBuilder();
        int[] pool = {'a', 'Z', '"', '\\', 0x1f, 0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xe000, 0xffff, 0x10000, 0x1f600, 0x10ffff};
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            s.appendCodePoint(pool[random.nextInt(pool.length)]);
        }
        return s.toString();
    }

    /** Canonical JSON the obvious way: strings via String, keys sorted by code point sequence. */
    private static String reference(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort((a, b) -> java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
            StringBuilder out = new StringBuilder("{");
            for (String key : keys) {
                out.append(out.length() > 1 ? "," : "").append(quote(key)).append(':').append(reference(node.get(key)));
            }
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                out.append(i > 0 ? "," : "").append(reference(node.get(i)));
            }
            return out.append(']').toString();
        }
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        return node.isBigInteger() ? node.bigIntegerValue().toString() : node.asText();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
