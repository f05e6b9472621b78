package io.patchbay.crypto.api.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.Base64Url;
import io.patchbay.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verifier as an attacker meets it: every refusal, at its edge, and nothing recorded for a refused request. */
class RequestVerifierTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SigningKeyPair ALICE = SigningKeyPair.generate(RANDOM);
    private static final SigningKeyPair BOB = SigningKeyPair.generate(RANDOM);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String PATH = "/api/v1/check-in?channel=stable&tag=%2Fx";
    private static final byte[] BODY = "{\"level\":\"3\",\"facts\":{}}".getBytes(StandardCharsets.UTF_8);

    /** A request as the server receives it; headers are a mutable copy an attacker may edit. */
    private record Request(String method, String path, Map<String, String> headers, byte[] body) {
        Request with(String header, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(header, value);
            return new Request(method, path, copy, body);
        }

        Request without(String header) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.remove(header);
            return new Request(method, path, copy, body);
        }
    }

    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, ClientKeys> clients = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final List<String> recordedNonces = new ArrayList<>();
    private InMemoryNonceStore store;
    private RequestVerifier verifier;

    @BeforeEach
    void setUp() {
        clients.put("alice", ClientKeys.of(ALICE.publicKey()));
        clients.put("bob", ClientKeys.of(BOB.publicKey()));
        store = new InMemoryNonceStore(10_000, clock);
        verifier = new RequestVerifier(this::lookup, this::record, clock);
    }

    private Optional<ClientKeys> lookup(String clientId) {
        lookups.add(clientId);
        return Optional.ofNullable(clients.get(clientId));
    }

    private boolean record(String clientId, String nonce, Instant expiresAt) {
        recordedNonces.add(clientId + "/" + nonce);
        return store.firstUse(clientId, nonce, expiresAt);
    }

    private Request signed(String clientId, SigningKeyPair key, String method, String path, byte[] body) {
        SignedHeaders headers = new RequestSigner(clientId, key, clock, RANDOM).sign(method, path, body);
        return new Request(method, path, new LinkedHashMap<>(headers.asMap()), body);
    }

    private Request alice() {
        return signed("alice", ALICE, "POST", PATH, BODY);
    }

    private VerifiedRequest verify(Request r) throws RequestRefusedException {
        return verifier.verify(r.method(), r.path(), HeaderSource.of(r.headers()), r.body());
    }

    private RequestRefusedException refused(Request r) {
        return assertThrows(RequestRefusedException.class, () -> verify(r));
    }

    private void assertRefused(Refusal reason, Request r) {
        assertEquals(reason, refused(r).reason());
    }

    @Test
    void aSignedRequestNamesItsClient() throws Exception {
        VerifiedRequest verified = verify(alice());
        assertEquals("alice", verified.clientId());
        assertEquals(T0, verified.timestamp());
        assertFalse(verified.signedWithPrevious());
        assertEquals(1, recordedNonces.size());
    }

    @Test
    void emptyBodyAndHeaderNamesInAnyCase() throws Exception {
        Request get = signed("bob", BOB, "GET", "/api/v1/poll", new byte[0]);
        Map<String, String> lower = new LinkedHashMap<>();
        get.headers().forEach((name, value) -> lower.put(name.toLowerCase(), value));
        assertEquals("bob", verify(new Request("GET", "/api/v1/poll", lower, new byte[0])).clientId());
    }

    @Test
    void verifyDigestMatchesVerify() throws Exception {
        Request r = alice();
        assertEquals("alice", verifier.verifyDigest(r.method(), r.path(), HeaderSource.of(r.headers()),
                RequestFormat.sha256(BODY)).clientId());
    }

    @TestFactory
    Stream<DynamicTest> tamperingWithAnySignedFieldAloneBreaksTheSignatureAndRecordsNothing() {
        Map<String, UnaryOperator<Request>> tampering = new LinkedHashMap<>();
        tampering.put("method", r -> new Request("PUT", r.path(), r.headers(), r.body()));
        tampering.put("path", r -> new Request(r.method(), r.path().replace("check-in", "check-im"), r.headers(), r.body()));
        tampering.put("query value", r -> new Request(r.method(), r.path().replace("stable", "beta"), r.headers(), r.body()));
        tampering.put("query added", r -> new Request(r.method(), r.path() + "&force=1", r.headers(), r.body()));
        tampering.put("query dropped", r -> new Request(r.method(), "/api/v1/check-in", r.headers(), r.body()));
        tampering.put("percent-encoding case", r -> new Request(r.method(), r.path().replace("%2F", "%2f"), r.headers(), r.body()));
        tampering.put("body byte", r -> {
            byte[] body = r.body().clone();
            body[3] ^= 1;
            return new Request(r.method(), r.path(), r.headers(), body);
        });
        tampering.put("body appended", r -> new Request(r.method(), r.path(), r.headers(),
                (new String(r.body(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8)));
        tampering.put("body emptied", r -> new Request(r.method(), r.path(), r.headers(), new byte[0]));
        tampering.put("timestamp +1", r -> r.with(RequestFormat.TIMESTAMP_HEADER, Long.toString(T0.getEpochSecond() + 1)));
        tampering.put("timestamp -1", r -> r.with(RequestFormat.TIMESTAMP_HEADER, Long.toString(T0.getEpochSecond() - 1)));
        tampering.put("nonce", r -> r.with(RequestFormat.NONCE_HEADER, Base64Url.encode(new byte[16])));
        tampering.put("client id", r -> r.with(RequestFormat.CLIENT_HEADER, "bob"));
        tampering.put("random signature", r -> {
            byte[] junk = new byte[64];
            RANDOM.nextBytes(junk);
            return r.with(RequestFormat.SIGNATURE_HEADER, Base64Url.encode(junk));
        });
        tampering.put("bob's key signing as alice", r -> {
            Request forged = signed("alice", BOB, r.method(), r.path(), r.body());
            return r.with(RequestFormat.SIGNATURE_HEADER, forged.headers().get(RequestFormat.SIGNATURE_HEADER))
                    .with(RequestFormat.NONCE_HEADER, forged.headers().get(RequestFormat.NONCE_HEADER));
        });
        return tampering.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            forgetCalls(); // dynamic tests share one instance
            Request original = alice();
            assertRefused(Refusal.BAD_SIGNATURE, entry.getValue().apply(original));
            assertTrue(recordedNonces.isEmpty(), "a refused request records no nonce");
            // The forgery burned nothing: the genuine request still passes.
            assertEquals("alice", verify(original).clientId());
        }));
    }

    @Test
    void aForgedRequestCannotBurnTheNonceOfAGenuineOneInFlight() throws Exception {
        Request genuine = alice();
        Request forged = signed("alice", BOB, "POST", PATH, BODY)
                .with(RequestFormat.NONCE_HEADER, genuine.headers().get(RequestFormat.NONCE_HEADER));
        for (int i = 0; i < 3; i++) {
            assertRefused(Refusal.BAD_SIGNATURE, forged);
        }
        assertEquals("alice", verify(genuine).clientId());
    }

    @Test
    void aReplayIsRefusedUntilTheTimestampLeavesTheWindow() throws Exception {
        Request r = alice();
        verify(r);
        assertRefused(Refusal.REPLAYED, r);
        clock.set(T0.plusSeconds(300).plusMillis(999));
        assertRefused(Refusal.REPLAYED, r);
        clock.set(T0.plusSeconds(301));
        assertRefused(Refusal.STALE, r);
    }

    @Test
    void theSameNonceFromAnotherClientIsNotAReplay() throws Exception {
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 7);
            }
        };
        SignedHeaders a = new RequestSigner("alice", ALICE, clock, fixed).sign("POST", PATH, BODY);
        SignedHeaders b = new RequestSigner("bob", BOB, clock, fixed).sign("POST", PATH, BODY);
        assertEquals(a.nonce(), b.nonce());
        assertEquals("alice", verify(new Request("POST", PATH, a.asMap(), BODY)).clientId());
        assertEquals("bob", verify(new Request("POST", PATH, b.asMap(), BODY)).clientId());
    }

    @Test
    void oldTimestampsAreAcceptedUpToTheWindowEdgeIncluded() throws Exception {
        Request atEdge = alice();
        Request pastEdge = alice();
        clock.set(T0.plusSeconds(300));
        verify(atEdge);
        clock.set(T0.plusSeconds(301));
        RequestRefusedException e = refused(pastEdge);
        assertEquals(Refusal.STALE, e.reason());
        assertTrue(e.getMessage().contains("301 s old"), e.getMessage());
    }

    @Test
    void futureTimestampsAreAcceptedUpToTheWindowEdgeIncluded() throws Exception {
        clock.set(T0.plusSeconds(300));
        Request atEdge = alice();
        clock.set(T0.plusSeconds(301));
        Request pastEdge = alice();
        clock.set(T0);
        verify(atEdge);
        RequestRefusedException e = refused(pastEdge);
        assertEquals(Refusal.STALE, e.reason());
        assertTrue(e.getMessage().contains("in the future"), e.getMessage());
    }

    @Test
    void aNarrowerSkewIsHonoured() throws Exception {
        verifier = new RequestVerifier(this::lookup, this::record, clock, Duration.ofSeconds(30));
        Request r = alice();
        clock.set(T0.plusSeconds(31));
        assertRefused(Refusal.STALE, r);
        assertThrows(IllegalArgumentException.class, () -> new RequestVerifier(this::lookup, this::record, clock, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RequestVerifier(this::lookup, this::record, clock, Duration.ofMillis(1500)));
    }

    @Test
    void theNonceIsKeptForExactlyAsLongAsTheTimestampIsAcceptable() throws Exception {
        List<Instant> expiries = new ArrayList<>();
        verifier = new RequestVerifier(this::lookup, (c, n, expiresAt) -> expiries.add(expiresAt), clock);
        verify(alice());
        assertEquals(List.of(T0.plusSeconds(301)), expiries);
    }

    @Test
    void staleRequestsAreRefusedBeforeAnyLookup() {
        clients.clear();
        Request r = signed("mallory", BOB, "POST", PATH, BODY);
        clock.set(T0.plusSeconds(3600));
        assertRefused(Refusal.STALE, r);
        assertTrue(lookups.isEmpty());
    }

    @Test
    void unknownAndRevokedClientsAreRefusedWithoutRecordingAnything() {
        assertRefused(Refusal.UNKNOWN_CLIENT, signed("mallory", BOB, "POST", PATH, BODY));
        clients.put("alice", ClientKeys.revokedKeys());
        RequestRefusedException e = refused(alice());
        assertEquals(Refusal.REVOKED, e.reason());
        assertTrue(e.getMessage().contains("enroll again"), e.getMessage());
        assertEquals(403, Refusal.REVOKED.httpStatus());
        assertTrue(recordedNonces.isEmpty());
    }

    @Test
    void rotationAcceptsThePreviousKeyUntilItsValidUntilAndNotFrom() throws Exception {
        SigningKeyPair next = SigningKeyPair.generate(RANDOM);
        Instant validUntil = T0.plusSeconds(60);
        clients.put("alice", ClientKeys.rotating(next.publicKey(), ALICE.publicKey(), validUntil));

        VerifiedRequest withOld = verify(alice());
        assertTrue(withOld.signedWithPrevious());
        assertFalse(verify(signed("alice", next, "POST", PATH, BODY)).signedWithPrevious());

        clock.set(validUntil.minusMillis(1));
        assertTrue(verify(alice()).signedWithPrevious());
        clock.set(validUntil);
        RequestRefusedException e = refused(alice());
        assertEquals(Refusal.BAD_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains("previous key"), e.getMessage());
        assertFalse(verify(signed("alice", next, "POST", PATH, BODY)).signedWithPrevious());
        assertRefused(Refusal.BAD_SIGNATURE, signed("alice", BOB, "POST", PATH, BODY));
    }

    @Test
    void aFullNonceStoreFailsClosed() throws Exception {
        store = new InMemoryNonceStore(1, clock);
        verify(alice());
        RequestRefusedException e = refused(alice());
        assertEquals(Refusal.OVERLOADED, e.reason());
        assertEquals(503, e.reason().httpStatus());
    }

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

    @Test
    void everyRefusalIsAClientErrorExceptOverload() {
        for (Refusal refusal : Refusal.values()) {
            int status = refusal.httpStatus();
            assertTrue(refusal == Refusal.OVERLOADED ? status == 503 : status >= 400 && status < 500, refusal.name());
        }
    }

    private void forgetCalls() {
        lookups.clear();
        recordedNonces.clear();
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
