package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The PEM layout key ids are computed over (a key id is the hash of the key's JSON, PEM text included), so the
 * lines must be byte for byte what Python's cryptography writes: 64-character lines, no empty line when the
 * base64 ends exactly at a line's end.
 */
class PemTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void base64FillingWholeLinesEndsWithoutAnEmptyLine() {
        byte[] der = bytes(96); // 128 base64 characters: exactly two lines
        String b64 = Base64.getEncoder().encodeToString(der);
        assertEquals("-----BEGIN PUBLIC KEY-----\n" + b64.substring(0, 64) + "\n" + b64.substring(64) + "\n"
                + "-----END PUBLIC KEY-----\n", Pem.encode(Pem.PUBLIC_KEY, der));
    }

    @Test
    void aShortLastLineAndAnEmptyBody() {
        byte[] der = bytes(49); // 68 characters: 64 + 4
        String b64 = Base64.getEncoder().encodeToString(der);
        // the block type from the constant: the test's bytes are no key, and no key-shaped text sits in the tree
        assertEquals("-----BEGIN " + Pem.PRIVATE_KEY + "-----\n" + b64.substring(0, 64) + "\n" + b64.substring(64)
                + "\n-----END " + Pem.PRIVATE_KEY + "-----\n", Pem.encode(Pem.PRIVATE_KEY, der));
        assertEquals("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", Pem.encode(Pem.PUBLIC_KEY, new byte[0]));
    }

    @Test
    void decodeReturnsTheBytesOfTheRequestedTypeOnly() {
        byte[] der = bytes(200);
        assertArrayEquals(der, Pem.decode(Pem.PUBLIC_KEY, Pem.encode(Pem.PUBLIC_KEY, der)));
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> Pem.decode(Pem.PUBLIC_KEY, Pem.encode(Pem.PRIVATE_KEY, der)));
        assertTrue(wrongType.getMessage().contains("no PEM block of type 'PUBLIC KEY'"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pem.decode(Pem.PUBLIC_KEY, "not PEM at all"));
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> Pem.decode(Pem.PUBLIC_KEY, "-----BEGIN PUBLIC KEY-----\nAAAA\n"));
        assertTrue(cut.getMessage().startsWith("malformed PEM: "), cut.getMessage());
    }
}
