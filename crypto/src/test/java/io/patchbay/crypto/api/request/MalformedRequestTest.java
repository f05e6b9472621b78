package io.patchbay.crypto.api.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.Base64Url;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Missing, repeated, oversized and malformed headers and targets: refused before any key lookup or nonce. */
class MalformedRequestTest extends VerifierFixture {
    @ParameterizedTest
    @ValueSource(strings = {RequestFormat.CLIENT_HEADER, RequestFormat.TIMESTAMP_HEADER, RequestFormat.NONCE_HEADER,
        RequestFormat.SIGNATURE_HEADER})
    void aMissingOrEmptyHeaderIsRefusedBeforeAnyLookup(String header) {
        assertRefused(Refusal.MISSING_HEADER, alice().without(header));
        assertRefused(Refusal.MISSING_HEADER, alice().with(header, ""));
        assertTrue(lookups.isEmpty());
    }

    @Test
    void aRepeatedHeaderIsRefused() {
        Request r = alice();
        HeaderSource doubled = name -> name.equalsIgnoreCase(RequestFormat.SIGNATURE_HEADER)
                ? List.of(r.headers().get(name), r.headers().get(name))
                : HeaderSource.of(r.headers()).values(name);
        RequestRefusedException e = assertThrows(RequestRefusedException.class,
                () -> verifier.verify(r.method(), r.path(), doubled, r.body()));
        assertEquals(Refusal.MALFORMED, e.reason());
    }

    @TestFactory
    Stream<DynamicTest> oversizedValuesAreRefusedBeforeParsingOrLookup() {
        Map<String, UnaryOperator<Request>> cases = new LinkedHashMap<>();
        cases.put("client id of 65", r -> r.with(RequestFormat.CLIENT_HEADER, "a".repeat(65)));
        cases.put("timestamp of 13 digits", r -> r.with(RequestFormat.TIMESTAMP_HEADER, "1".repeat(13)));
        cases.put("nonce of 65", r -> r.with(RequestFormat.NONCE_HEADER, "A".repeat(65)));
        cases.put("signature of 87", r -> r.with(RequestFormat.SIGNATURE_HEADER, r.headers().get(RequestFormat.SIGNATURE_HEADER) + "A"));
        cases.put("signature with padding", r -> r.with(RequestFormat.SIGNATURE_HEADER, r.headers().get(RequestFormat.SIGNATURE_HEADER) + "=="));
        cases.put("one-megabyte header", r -> r.with(RequestFormat.NONCE_HEADER, "A".repeat(1 << 20)));
        cases.put("method of 17", r -> new Request("A".repeat(17), r.path(), r.headers(), r.body()));
        cases.put("target of 8193", r -> new Request(r.method(), "/" + "a".repeat(8192), r.headers(), r.body()));
        return cases.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            forgetCalls(); // dynamic tests share one instance
            assertRefused(Refusal.OVERSIZED, entry.getValue().apply(alice()));
            assertTrue(lookups.isEmpty() && recordedNonces.isEmpty());
        }));
    }

    @TestFactory
    Stream<DynamicTest> malformedValuesAreRefusedBeforeLookup() {
        Map<String, UnaryOperator<Request>> cases = new LinkedHashMap<>();
        cases.put("signature truncated by one", r -> r.with(RequestFormat.SIGNATURE_HEADER, sig(r).substring(0, 85)));
        cases.put("signature truncated by two", r -> r.with(RequestFormat.SIGNATURE_HEADER, sig(r).substring(0, 84)));
        cases.put("signature in standard base64", r -> r.with(RequestFormat.SIGNATURE_HEADER, "+" + sig(r).substring(1)));
        cases.put("signature not base64", r -> r.with(RequestFormat.SIGNATURE_HEADER, "!" + sig(r).substring(1)));
        cases.put("signature non-canonical", r -> r.with(RequestFormat.SIGNATURE_HEADER, nonCanonical(sig(r))));
        cases.put("signature of 63 bytes", r -> r.with(RequestFormat.SIGNATURE_HEADER, Base64Url.encode(new byte[63])));
        cases.put("nonce of 15 bytes", r -> r.with(RequestFormat.NONCE_HEADER, Base64Url.encode(new byte[15])));
        cases.put("nonce with slash", r -> r.with(RequestFormat.NONCE_HEADER, "/" + nonce(r).substring(1)));
        cases.put("nonce non-canonical", r -> r.with(RequestFormat.NONCE_HEADER, nonCanonical(nonce(r))));
        cases.put("nonce with space", r -> r.with(RequestFormat.NONCE_HEADER, " " + nonce(r).substring(1)));
        for (String timestamp : List.of("+1772366400", "-1", "0x69a42e00", "01772366400", " 1772366400", "1772366400.5", "1e9")) {
            cases.put("timestamp '" + timestamp + "'", r -> r.with(RequestFormat.TIMESTAMP_HEADER, timestamp));
        }
        for (String client : List.of("al ice", "alice\n", "\u00e5lice", "alice/..", "a\u0000")) {
            cases.put("client id '" + client.replace("\n", "\\n") + "'", r -> r.with(RequestFormat.CLIENT_HEADER, client));
        }
        for (String method : List.of("post", "PO ST", "POST\n")) {
            cases.put("method '" + method.replace("\n", "\\n") + "'", r -> new Request(method, r.path(), r.headers(), r.body()));
        }
        for (String path : List.of("api/v1/check-in", "/a b", "/a\nb", "/\u00e4", "/a#fragment", "")) {
            cases.put("target '" + path.replace("\n", "\\n") + "'", r -> new Request(r.method(), path, r.headers(), r.body()));
        }
        return cases.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            forgetCalls(); // dynamic tests share one instance
            assertRefused(Refusal.MALFORMED, entry.getValue().apply(alice()));
            assertTrue(lookups.isEmpty() && recordedNonces.isEmpty());
        }));
    }

    @Test
    void theSignerRefusesWhatTheVerifierWouldRefuse() {
        RequestSigner signer = new RequestSigner("alice", ALICE, clock, RANDOM);
        assertThrows(IllegalArgumentException.class, () -> signer.sign("post", PATH, BODY));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("POST", "no-slash", BODY));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("POST", "/a b", BODY));
        assertThrows(IllegalArgumentException.class, () -> new RequestSigner("a b", ALICE, clock, RANDOM));
        assertThrows(IllegalArgumentException.class, () -> new RequestSigner("a".repeat(65), ALICE, clock, RANDOM));
        SignedHeaders headers = signer.sign("POST", PATH, BODY);
        assertEquals(22, headers.nonce().length(), "128-bit nonce");
        assertEquals(86, headers.signature().length());
    }

    private static String sig(Request r) {
        return r.headers().get(RequestFormat.SIGNATURE_HEADER);
    }

    private static String nonce(Request r) {
        return r.headers().get(RequestFormat.NONCE_HEADER);
    }

    /** The same bytes with the unused low bits of the last character set (both values here leave some unused). */
    private static String nonCanonical(String canonical) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(canonical.charAt(canonical.length() - 1));
        return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(last | 1);
    }
}
