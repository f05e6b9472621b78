package io.patchbay.crypto.api.request;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pins the signed string byte for byte: a change here breaks every deployed client. */
class RequestFormatTest {

    @Test
    void signedStringIsTheDocumentedSevenLines() {
        byte[] body = "{\"level\":3}".getBytes(StandardCharsets.UTF_8);
        String signed = new String(RequestFormat.signedBytes("POST", "/api/v1/check-in?channel=stable&x=%2F",
                "c-0123", "1772366400", "AAECAwQFBgcICQoLDA0ODw", RequestFormat.sha256(body)), StandardCharsets.UTF_8);
        assertEquals("patchbay-request-v1\n"
                + "POST\n"
                + "/api/v1/check-in?channel=stable&x=%2F\n"
                + "c-0123\n"
                + "1772366400\n"
                + "AAECAwQFBgcICQoLDA0ODw\n"
                + "c8d699b727ef627e5a749364246158a85fca1de82b2a7ce89bb177d2528b632a", signed);
        assertEquals(7, signed.split("\n", -1).length);
    }

    @Test
    void theEmptyBodyHashIsTheSha256OfNothing() {
        String signed = new String(RequestFormat.signedBytes("GET", "/", "c", "0", "AAAAAAAAAAAAAAAAAAAAAA",
                RequestFormat.sha256(new byte[0])), StandardCharsets.UTF_8);
        assertEquals("patchbay-request-v1\nGET\n/\nc\n0\nAAAAAAAAAAAAAAAAAAAAAA\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", signed);
    }
}
