package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.UnknownClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Replay protection: a nonce is accepted once per client within its window. */
interface NoncesContract extends StoreFixture {
    String NONCE = "n0nce-AAAAAAAAAAAAAAAA";

    default Instant inFiveMinutes() {
        return clock().instant().plus(Duration.ofMinutes(5));
    }

    @Test
    default void noncesReplayIsRefusedPerClient() throws Exception {
        ClientRecord a = enrollNew("beta");
        ClientRecord b = enrollNew("beta");
        assertTrue(nonces().record(a.id(), NONCE, inFiveMinutes()));
        assertFalse(nonces().record(a.id(), NONCE, inFiveMinutes()), "replay");
        assertFalse(nonces().record(a.id(), NONCE, inFiveMinutes().plusSeconds(60)), "replay with a new expiry");
        assertTrue(nonces().record(b.id(), NONCE, inFiveMinutes()), "another client's nonce space");
        assertEquals(2, count("request_nonces"));
    }

    @Test
    default void noncesRacedByEightThreadsAcceptOnce() throws Exception {
        ClientRecord a = enrollNew("beta");
        List<Future<Boolean>> results = StoreFixture.race(8, () -> nonces().record(a.id(), NONCE, inFiveMinutes()));
        int accepted = 0;
        for (Future<Boolean> result : results) {
            accepted += result.get() ? 1 : 0;
        }
        assertEquals(1, accepted);
    }

    @Test
    default void noncesAlreadyExpiredOrTooLongLivedAreRefused() throws Exception {
        ClientRecord a = enrollNew("beta");
        assertFalse(nonces().record(a.id(), NONCE, clock().instant()));
        assertFalse(nonces().record(a.id(), NONCE, clock().instant().minusSeconds(1)));
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> nonces().record(a.id(), NONCE, clock().instant().plus(Duration.ofDays(365))));
        assertEquals(3600, e.limit());
        assertEquals(0, count("request_nonces"));
    }

    @Test
    default void noncesPurgeRemovesOnlyExpired() throws Exception {
        ClientRecord a = enrollNew("beta");
        assertTrue(nonces().record(a.id(), "short-AAAAAAAAAAAAAAAA", clock().instant().plusSeconds(60)));
        assertTrue(nonces().record(a.id(), "long-AAAAAAAAAAAAAAAAA", clock().instant().plusSeconds(600)));
        assertEquals(0, nonces().purgeExpired());
        clock().advance(Duration.ofSeconds(60));
        assertEquals(1, nonces().purgeExpired());
        assertEquals(List.of("long-AAAAAAAAAAAAAAAAA"), column("SELECT nonce FROM request_nonces"));
    }

    @Test
    default void noncesMalformedOrOversizedAreRefused() throws Exception {
        ClientRecord a = enrollNew("beta");
        assertThrows(InvalidInputException.class, () -> nonces().record(a.id(), "short", inFiveMinutes()));
        assertThrows(InvalidInputException.class,
                () -> nonces().record(a.id(), "x' OR '1'='1'; DELETE FROM clients; --", inFiveMinutes()));
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> nonces().record(a.id(), "A".repeat(129), inFiveMinutes()));
        assertEquals(128, e.limit());
        assertEquals(0, count("request_nonces"));
        assertEquals(1, count("clients"));
    }

    @Test
    default void noncesOfUnknownClientAreRefused() {
        assertThrows(UnknownClientException.class, () -> nonces().record("ghost", NONCE, inFiveMinutes()));
    }
}
