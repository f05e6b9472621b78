package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The other half of {@link FastJsonReaderTest}'s contract: inputs INSIDE the fast subset must be taken by
 * the fast reader (not handed to Jackson), with the Jackson tree and the exact canonical bytes of
 * "signed". The differential tests there accept a give-up on any input, so a fast path that gave up more
 * often (or broke its canonical output only where it would also give up) went unnoticed; these pin the
 * subset's edges: whitespace and delimiters, digit and hex-digit ranges, UTF-8 lead-byte ranges, the
 * depth and length limits exactly, objects whose members must be reordered (insertion and merge sort,
 * nested, larger than the buffers' first sizes), and escapes re-encoded in canonical form.
 */
class FastJsonReaderSubsetTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The fast reader takes {@code bytes}, with Jackson's tree and (if any) the canonical "signed" bytes. */
    private static void assertTaken(byte[] bytes) {
        String where = new String(bytes, StandardCharsets.UTF_8);
        if (where.length() > 200) {
            where = where.substring(0, 200) + "...";
        }
        JsonNode reference = StrictJson.parseWithJackson(bytes, "reference");
        FastJsonReader.Result fast = FastJsonReader.read(bytes, NODES, true);
        assertNotNull(fast, "the fast reader gave up on an input in its subset: " + where);
        FastJsonReaderTest.assertSameTree(reference, fast.tree(), where);
        JsonNode signed = reference.isObject() ? reference.get("signed") : null;
        if (signed == null) {
            assertNull(fast.signedCanonical(), where);
        } else {
            assertArrayEquals(CanonicalJson.encode(signed), fast.signedCanonical(), where);
        }
        FastJsonReader.Result treeOnly = FastJsonReader.read(bytes, NODES, false);
        assertNotNull(treeOnly, where);
        FastJsonReaderTest.assertSameTree(reference, treeOnly.tree(), where);
    }

    /** {@code value} taken alone (in an array) and as the value of "signed" (so written canonically). */
    private static void assertTakenEverywhere(String value) {
        assertTaken(("[" + value + "]").getBytes(StandardCharsets.UTF_8));
        assertTaken(("{\"signatures\":[],\"signed\":" + value + "}").getBytes(StandardCharsets.UTF_8));
        assertTaken(("{\"signed\":{\"z\":1,\"v\":" + value + ",\"a\":[" + value + "]}}").getBytes(StandardCharsets.UTF_8));
    }

    private static void assertGivesUp(String json) {
        assertNull(FastJsonReader.read(json.getBytes(StandardCharsets.UTF_8), NODES, true), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // numbers: each digit at the edges of the range, signs, zero, 18 digits exactly
        "0", "-0", "9", "-9", "10", "-1", "90", "1234567890", "-1234567890", "2147483648", "-2147483649",
        "999999999999999999", "-999999999999999999", "100000000000000000",
        // literals
        "true", "false", "null",
        // every delimiter after a number and a literal
        "[1,2]", "[1 ]", "[1\n]", "[1\r]", "[1\t]", "{\"a\":1}", "{\"a\":1 }", "{\"a\":true}", "[true,null]",
        "[false\t]", "[null\r\n]",
        // empty containers with whitespace inside
        "{ }", "[ ]", "{\n}", "[\t]", "{\r\n }",
        // escapes: every short one, \\u with each hex-digit edge in both cases
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0030\\u0039\\u00af\\u00AF\\u00fa\\u00FA\"", "\"\\u0000\\u001f\"",
        "\"\\u0080\\u07ff\\u0800\\uffff\\ue000\"", "\"\\u007f\"", "\"a\\u0022b\\u005cc\"", "\"\\u00e9x\\u20ac\"",
        "\"x\\n\u00e9\u20ac\ud83d\ude00\"",
        // raw UTF-8 at each lead-byte edge: U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+40000, U+10FFFF
        "\"\u0080\"", "\"\u07ff\"", "\"\u0800\"", "\"\ud7ff\"", "\"\ue000\"", "\"\uffff\"", "\"\ud800\udc00\"",
        "\"\ud8c0\udc00\"", "\"\udbff\udfff\"", "\"a\u0080b\u07ffc\u0800d\ud800\udc00e\udbff\udfff\"",
    })
    void valuesInTheSubsetAreTaken(String value) {
        assertTakenEverywhere(value);
    }

    @Test
    void nestingUpToTheLimitIsTakenForObjectsAndArraysAlike() {
        int max = FastJsonReader.MAX_DEPTH;
        String objects = "{\"a\":".repeat(max - 1) + "{}" + "}".repeat(max - 1);
        assertTaken(objects.getBytes(StandardCharsets.UTF_8));
        assertGivesUp("{\"a\":".repeat(max) + "{}" + "}".repeat(max));
        String mixed = "[{\"a\":".repeat(max / 2 - 1) + "[{}]" + "}]".repeat(max / 2 - 1);
        assertTaken(mixed.getBytes(StandardCharsets.UTF_8));
        // Depth is nesting, not a count: many siblings at a shallow level are fine.
        assertTakenEverywhere("[" + String.join(",", Collections.nCopies(3 * max, "{}")) + "]");
        assertTakenEverywhere("[" + String.join(",", Collections.nCopies(3 * max, "[]")) + "]");
        assertTakenEverywhere("[" + String.join(",", Collections.nCopies(3 * max, "{\"k\":[{}]}")) + "]");
    }

    @Test
    void stringsUpToTheLengthLimitAreTakenWithOrWithoutEscapes() {
        // The limit counts source bytes of the string's contents, escapes included.
        String escaped = "\\n" + "s".repeat(39_998);
        assertTakenEverywhere("\"" + escaped + "\"");
        assertGivesUp("[\"" + escaped + "s\"]");
        // An escaped string far into the document: the limit is its own length, not its offset.
        String padding = "\"" + "p".repeat(30_000) + "\"";
        assertTakenEverywhere("[" + padding + ",\"\\t" + "q".repeat(20_000) + "\"]");
        assertTakenEverywhere("\"" + "é".repeat(20_000) + "\"");
        assertGivesUp("[\"" + "é".repeat(20_000) + "e\"]");
    }

    @Test
    void membersOutOfOrderAreRewrittenInCodePointOrder() {
        assertTakenEverywhere("{\"b\":1,\"a\":2}");
        assertTakenEverywhere("{\"c\":1,\"b\":2,\"a\":3}");
        assertTakenEverywhere("{\"a\":1,\"c\":2,\"b\":3}");
        assertTakenEverywhere("{\"b\":1,\"c\":2,\"a\":3}");
        // Nested, after other members, so the reordered region starts mid-buffer.
        assertTakenEverywhere("{\"a\":[1,2],\"m\":{\"y\":{\"q\":true,\"p\":false},\"x\":\"\\u00e9\"},\"b\":null}");
        // Non-ASCII keys: U+FFFF sorts before U+10000 in code point order (not in UTF-16 order).
        assertTakenEverywhere("{\"\ud83d\ude00\":1,\"\uffff\":2,\"\u00e9\":3,\"e\":4,\"\\u00e8\":5}");
        assertTakenEverywhere("{\"\uffff\":1,\"\ud83d\ude00\":2}");
    }

    @Test
    void objectsOfEveryOrderAndSizeAreSortedExactly() {
        Random random = new Random(42);
        for (int size : new int[] {2, 7, 8, 9, 16, 17, 31, 32, 33, 40, 64, 65, 100, 300}) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                keys.add(String.format("k%03d", i));
            }
            List<List<String>> orders = new ArrayList<>();
            orders.add(new ArrayList<>(keys));
            List<String> reversed = new ArrayList<>(keys);
            Collections.reverse(reversed);
            orders.add(reversed);
            for (int shuffle = 0; shuffle < 4; shuffle++) {
                List<String> shuffled = new ArrayList<>(keys);
                Collections.shuffle(shuffled, random);
                orders.add(shuffled);
            }
            // Sorted halves that interleave, and halves already in order (the merge's shortcut).
            List<String> interleaved = new ArrayList<>();
            for (int i = 0; i < size; i += 2) {
                interleaved.add(keys.get(i));
            }
            for (int i = 1; i < size; i += 2) {
                interleaved.add(keys.get(i));
            }
            orders.add(interleaved);
            for (List<String> order : orders) {
                StringBuilder object = new StringBuilder("{");
                for (String key : order) {
                    if (object.length() > 1) {
                        object.append(',');
                    }
                    object.append('"').append(key).append("\":").append(random.nextInt(1000));
                }
                object.append('}');
                assertTakenEverywhere(object.toString());
            }
        }
    }

    @Test
    void reorderedRegionsLargerThanTheFirstScratchBufferAreRewritten() {
        // A small out-of-order object first (the scratch buffer gets its first size), then larger ones.
        String big = "{\"b\":\"" + "x".repeat(3000) + "\",\"a\":\"" + "y".repeat(3000) + "\"}";
        String bigger = "{\"d\":\"" + "x".repeat(9000) + "\",\"c\":\"" + "y".repeat(2000) + "\"}";
        assertTakenEverywhere("{\"z\":{\"b\":1,\"a\":2},\"y\":" + big + ",\"x\":" + bigger + "}");
    }
}
