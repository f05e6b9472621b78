package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The store address: exactly 64 lower-case hex digits, the only names ever joined to the store's path. */
class Sha256Test {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesToTheKnownVector() {
        assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(HexFormat.of().parseHex(ABC), Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void acceptsEveryLowerCaseHexDigit() {
        assertTrue(Sha256.isHex(ABC));
        assertTrue(Sha256.isHex("0123456789abcdef".repeat(4)));
        for (char c : "0123456789abcdef".toCharArray()) {
            assertTrue(Sha256.isHex(String.valueOf(c).repeat(64)), "digit " + c);
        }
    }

    @Test
    void refusesTheCharactersRightOutsideEachRange() {
        // '/' and ':' border '0'-'9'; '`' and 'g' border 'a'-'f'; upper case and path characters are not addresses
        for (char c : "/:`gAF. \u0000\u00e9".toCharArray()) {
            String value = ABC.substring(0, 63) + c;
            assertFalse(Sha256.isHex(value), "last char " + (int) c);
            assertFalse(Sha256.isHex(c + ABC.substring(1)), "first char " + (int) c);
        }
    }

    @Test
    void refusesOtherLengthsAndNull() {
        assertFalse(Sha256.isHex(null));
        assertFalse(Sha256.isHex(""));
        assertFalse(Sha256.isHex(ABC.substring(1)));
        assertFalse(Sha256.isHex(ABC + "0"));
        assertFalse(Sha256.isHex("../../" + ABC.substring(6)));
    }
}
