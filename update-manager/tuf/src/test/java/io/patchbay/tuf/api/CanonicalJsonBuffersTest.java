package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Exact output where {@link CanonicalJson}'s buffer fills up: strings of 3-byte chars of every length
 * around the first buffer sizes, and long runs of numbers, literals and brackets (each write must make
 * room for itself). And code point order at the edge of the fix-up range (U+E000).
 */
class CanonicalJsonBuffersTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stringsOfEveryLengthAroundTheBufferSizes() {
        for (int n = 0; n < 400; n++) {
            String text = "€".repeat(n);
            assertArrayEquals(utf8("\"" + text + "\""), CanonicalJson.encode(NODES.textNode(text)), "length " + n);
            ArrayNode array = NODES.arrayNode().add(text);
            assertArrayEquals(utf8("[\"" + text + "\"]"), CanonicalJson.encode(array), "in an array, length " + n);
        }
    }

    @Test
    void longRunsOfNumbersLiteralsAndBrackets() {
        ArrayNode numbers = NODES.arrayNode();
        ArrayNode literals = NODES.arrayNode();
        ArrayNode empties = NODES.arrayNode();
        StringBuilder expectedNumbers = new StringBuilder("[");
        StringBuilder expectedLiterals = new StringBuilder("[");
        StringBuilder expectedEmpties = new StringBuilder("[");
        for (int i = 0; i < 3000; i++) {
            String sep = i > 0 ? "," : "";
            long number = -1234567890123456789L + i;
            numbers.add(number);
            expectedNumbers.append(sep).append(number);
            literals.add(i % 3 == 0 ? NODES.booleanNode(true) : i % 3 == 1 ? NODES.booleanNode(false) : NODES.nullNode());
            expectedLiterals.append(sep).append(i % 3 == 0 ? "true" : i % 3 == 1 ? "false" : "null");
            empties.add(i % 2 == 0 ? NODES.arrayNode() : NODES.objectNode());
            expectedEmpties.append(sep).append(i % 2 == 0 ? "[]" : "{}");
        }
        assertArrayEquals(utf8(expectedNumbers.append(']').toString()), CanonicalJson.encode(numbers));
        assertArrayEquals(utf8(expectedLiterals.append(']').toString()), CanonicalJson.encode(literals));
        assertArrayEquals(utf8(expectedEmpties.append(']').toString()), CanonicalJson.encode(empties));
    }

    @Test
    void theFixUpRangeStartsAtE000() {
        assertTrue(CanonicalJson.compareCodePoints("\ue000", "\ue001") < 0);
        assertTrue(CanonicalJson.compareCodePoints("\ud7ff", "\ue000") < 0);
        assertTrue(CanonicalJson.compareCodePoints("\ue000", "\ud800\udc00") < 0);
        assertTrue(CanonicalJson.compareCodePoints("\uffff", "\ud800\udc00") < 0);
        ObjectNode object = NODES.objectNode();
        object.put("\ue001", 1);
        object.put("\ud800\udc00", 2);
        object.put("\ue000", 3);
        assertEquals("{\"\ue000\":3,\"\ue001\":1,\"\ud800\udc00\":2}",
                new String(CanonicalJson.encode(object), StandardCharsets.UTF_8));
    }
}
