package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The streaming tree reader must be exactly as strict as a strict ObjectMapper, and write what it reads. */
class StrictJsonTest {

    private static JsonNode parse(String json) {
        return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), "test");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{\"a\":1,\"a\":2}", "{\"x\":{\"a\":1,\"a\":1}}", "[{\"k\":1,\"k\":1}]", "{\"a\":1} {}", "{} x",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{'a':1}", "{\"a\":1,}", "[1,]", "{\"a\"}", "[", "{\"a\":[}",
        "\"\\x\"", "/* c */ {}", "[1e2345678901234567890]", "{\"a\":-1E99999999999999999999}"})
    void refusesWhatIsNotExactlyOneStrictJsonValue(String json) {
        MalformedMetadataException e = assertThrows(MalformedMetadataException.class, () -> parse(json), json);
        assertTrue(e.getMessage().startsWith("test "), e.getMessage());
    }

    @Test
    void deepNestingIsRefusedWithoutStackOverflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThrows(MalformedMetadataException.class, () -> parse(deep));
        assertEquals(200, depth(parse("[".repeat(200) + "]".repeat(200))));
    }

    @Test
    void numbersKeepTheirExactValueAndKind() {
        JsonNode node = parse("{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"f\":1.50}");
        assertTrue(node.get("i").isInt());
        assertTrue(node.get("l").isLong());
        assertEquals(new BigInteger("123456789012345678901234567890"), node.get("b").bigIntegerValue());
        assertEquals("1.50", node.get("f").decimalValue().toPlainString());
    }

    @Test
    void scalarsAtTheTopLevelAndRoundTripsThroughWrite() {
        assertEquals("x", parse("\"x\"").textValue());
        assertTrue(parse("null").isNull());
        JsonNode tree = parse("{\"z\":[1,true,null,\"\\u00e9\\ud83d\\ude00\",{\"n\":-1}],\"a\":{},\"b\":[],"
                + "\"big\":123456789012345678901234567890,\"long\":12345678901,\"dec\":1.50}");
        JsonNode again = StrictJson.parse(StrictJson.write(tree), "again");
        assertEquals(tree, again);
        assertEquals("1.50", again.get("dec").decimalValue().toPlainString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("dec");
        assertArrayEquals(CanonicalJson.encode(tree), CanonicalJson.encode(StrictJson.parse(StrictJson.write(tree), "x")));
        assertTrue(new String(StrictJson.write(tree), StandardCharsets.UTF_8).contains("\"z\" : [ 1, true, null"));
    }

    private static int depth(JsonNode node) {
        int depth = 0;
        while (node != null && node.isArray()) {
            depth++;
            node = node.size() > 0 ? node.get(0) : null;
        }
        return depth;
    }
}
