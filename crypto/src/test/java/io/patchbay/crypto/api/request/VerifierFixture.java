package io.patchbay.crypto.api.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/**
 * A verifier over two enrolled clients (alice and bob), a clock the test moves, and a record of every key lookup and
 * every nonce recorded, so a test can assert that a refused request reached neither.
 */
abstract class VerifierFixture {
    static final SecureRandom RANDOM = new SecureRandom();
    static final SigningKeyPair ALICE = SigningKeyPair.generate(RANDOM);
    static final SigningKeyPair BOB = SigningKeyPair.generate(RANDOM);
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final String PATH = "/api/v1/check-in?channel=stable&tag=%2Fx";
    static final byte[] BODY = "{\"level\":\"3\",\"facts\":{}}".getBytes(StandardCharsets.UTF_8);

    /** A request as the server receives it; headers are a mutable copy an attacker may edit. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
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

    final MutableClock clock = new MutableClock(T0);
    final Map<String, ClientKeys> clients = new HashMap<>();
    final List<String> lookups = new ArrayList<>();
    final List<String> recordedNonces = new ArrayList<>();
    InMemoryNonceStore store;
    RequestVerifier verifier;

    @BeforeEach
    void setUp() {
        clients.put("alice", ClientKeys.of(ALICE.publicKey()));
        clients.put("bob", ClientKeys.of(BOB.publicKey()));
        store = new InMemoryNonceStore(10_000, clock);
        verifier = new RequestVerifier(this::lookup, this::record, clock);
    }

    Optional<ClientKeys> lookup(String clientId) {
        lookups.add(clientId);
        return Optional.ofNullable(clients.get(clientId));
    }

    boolean record(String clientId, String nonce, Instant expiresAt) {
        recordedNonces.add(clientId + "/" + nonce);
        return store.firstUse(clientId, nonce, expiresAt);
    }

    Request signed(String clientId, SigningKeyPair key, String method, String path, byte[] body) {
        SignedHeaders headers = new RequestSigner(clientId, key, clock, RANDOM).sign(method, path, body);
        return new Request(method, path, new LinkedHashMap<>(headers.asMap()), body);
    }

    Request alice() {
        return signed("alice", ALICE, "POST", PATH, BODY);
    }

    VerifiedRequest verify(Request r) throws RequestRefusedException {
        return verifier.verify(r.method(), r.path(), HeaderSource.of(r.headers()), r.body());
    }

    RequestRefusedException refused(Request r) {
        return assertThrows(RequestRefusedException.class, () -> verify(r));
    }

    void assertRefused(Refusal reason, Request r) {
        assertEquals(reason, refused(r).reason());
    }

    void forgetCalls() {
        lookups.clear();
        recordedNonces.clear();
    }
}
