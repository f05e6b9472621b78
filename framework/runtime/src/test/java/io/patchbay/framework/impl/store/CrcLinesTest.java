package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CrcLinesTest {

    @Test
    void framesWithAnEightDigitChecksum() {
        // CRC-32 of "" is 0: the padding must keep eight digits
        assertEquals("00000000 \n", CrcLines.frame(""));
        assertEquals("352441c2 abc\n", CrcLines.frame("abc"));
        assertEquals("abc", CrcLines.payload("352441c2 abc"));
        assertEquals("", CrcLines.payload("00000000 "));
        assertEquals("caf\u00e9\t1", CrcLines.payload(CrcLines.frame("caf\u00e9\t1").strip()));
    }

    @Test
    void refusesLineBreaksInAPayload() {
        assertThrows(IllegalArgumentException.class, () -> CrcLines.frame("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> CrcLines.frame("a\rb"));
        assertThrows(IllegalArgumentException.class, () -> CrcLines.frame("\nab"));
        assertThrows(IllegalArgumentException.class, () -> CrcLines.frame("\rab"));
    }

    @Test
    void refusesMissingOrWrongChecksums() {
        assertEquals("no checksum", assertThrows(IllegalArgumentException.class, () -> CrcLines.payload("")).getMessage());
        assertEquals("no checksum", assertThrows(IllegalArgumentException.class, () -> CrcLines.payload("352441c2")).getMessage());
        assertEquals("no checksum", assertThrows(IllegalArgumentException.class, () -> CrcLines.payload("352441c2_abc")).getMessage());
        assertEquals("no checksum", assertThrows(IllegalArgumentException.class, () -> CrcLines.payload("352441c abc")).getMessage());
        assertEquals("checksum mismatch", assertThrows(IllegalArgumentException.class,
                () -> CrcLines.payload("352441C2 abc")).getMessage());
        assertEquals("checksum mismatch", assertThrows(IllegalArgumentException.class,
                () -> CrcLines.payload("352441c2 abd")).getMessage());
    }
}
