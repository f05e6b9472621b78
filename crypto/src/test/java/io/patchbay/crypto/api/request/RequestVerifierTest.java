package io.patchbay.crypto.api.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The verifier as an attacker meets it: forged and tampered signatures, replays, timestamps at the window's edges,
 * unknown, revoked and rotating clients; every refusal at its edge, and nothing recorded for a refused request.
 */
class RequestVerifierTest extends VerifierFixture {
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

    @Test
    void everyRefusalIsAClientErrorExceptOverload() {
        for (Refusal refusal : Refusal.values()) {
            int status = refusal.httpStatus();
            assertTrue(refusal == Refusal.OVERLOADED ? status == 503 : status >= 400 && status < 500, refusal.name());
        }
    }
}
