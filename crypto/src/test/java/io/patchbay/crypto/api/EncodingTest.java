package io.patchbay.crypto.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict text forms under every key and header: base64url and PEM. */
class EncodingTest {

    @Test
    void base64UrlRoundTripsEveryLength() {
        SecureRandom random = new SecureRandom();
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, Base64Url.decode(Base64Url.encode(bytes)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AB=", "AB==", "A+B/", "AB CD", "AB\nCD", "ÄBCD", "AB_-\u0000", "AB%3D", "AQ=="})
    void base64UrlRefusesAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode(text));
    }

    @Test
    void base64UrlRefusesNonCanonicalTrailingBits() {
        assertArrayEquals(new byte[] {1}, Base64Url.decode("AQ"));
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode("AR"), "same byte, unused bits set");
        assertArrayEquals(new byte[] {1, 2}, Base64Url.decode("AQI"));
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode("AQJ"));
    }

    @Test
    void pemRoundTripsAndAcceptsCrlfAndSurroundingWhiteSpace() {
        byte[] der = new byte[100];
        new SecureRandom().nextBytes(der);
        String pem = Pem.encode(Pem.PUBLIC_KEY, der);
        assertEquals(64, pem.split("\n")[1].length(), "64-character lines");
        assertArrayEquals(der, Pem.decode(Pem.PUBLIC_KEY, pem));
        assertArrayEquals(der, Pem.decode(Pem.PUBLIC_KEY, "\n  " + pem.replace("\n", "\r\n") + "\n\n"));
    }

    @Test
    void pemRefusesOtherTypesExtraBlocksHeadersAndBadBase64() {
        String pem = Pem.encode(Pem.PUBLIC_KEY, new byte[] {1, 2, 3});
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        assertThrows(IllegalArgumentException.class, () -> Pem.decode(Pem.PRIVATE_KEY, pem), "type");
        assertThrows(IllegalArgumentException.class, () -> Pem.decode(Pem.PUBLIC_KEY, pem + pem), "two blocks");
        assertThrows(IllegalArgumentException.class, () -> Pem.decode(Pem.PUBLIC_KEY, "comment\n" + pem), "leading text");
        assertThrows(IllegalArgumentException.class,
                () -> Pem.decode(Pem.PUBLIC_KEY, pem.replace(body, "Proc-Type: 4,ENCRYPTED\n" + body)), "header");
        assertThrows(IllegalArgumentException.class, () -> Pem.decode(Pem.PUBLIC_KEY, pem.replace(body, "AQID!\n")), "base64");
        assertThrows(IllegalArgumentException.class, () -> Pem.decode(Pem.PUBLIC_KEY, pem.replace(body, "")), "empty");
        assertThrows(IllegalArgumentException.class,
                () -> Pem.decode(Pem.PUBLIC_KEY, "-----BEGIN PUBLIC KEY-----"), "no end line");
        assertThrows(IllegalArgumentException.class, () -> Pem.decode(Pem.PUBLIC_KEY, " ".repeat(Pem.MAX_CHARS + 1)));
    }
}
