package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.IssuedToken;
import io.patchbay.server.store.KeyInUseException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.TokenRejectedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One-time enrollment tokens: use once, under races too, never stored in the clear. */
interface EnrollmentContract extends StoreFixture {

    @Test
    default void enrollmentRegistersKeysOnTheTokensChannel() throws Exception {
        IssuedToken issued = enrollmentTokens().issue("beta", Duration.ofHours(1));
        byte[] signing = StoreFixture.key();
        byte[] sealing = StoreFixture.key();
        ClientRecord client = clients().enroll(issued.token(), signing, sealing);
        assertEquals("beta", client.channel());
        ClientRecord found = clients().find(client.id()).orElseThrow();
        assertArrayEquals(signing, found.signingKey());
        assertArrayEquals(sealing, found.sealingKey());
        assertEquals(clock().instant(), found.enrolledAt());
        assertTrue(found.acceptsSigningKey(signing, clock().instant()));
        assertFalse(found.acceptsSigningKey(sealing, clock().instant()));
    }

    @Test
    default void enrollmentTokenIsStoredOnlyAsItsHash() throws Exception {
        IssuedToken issued = enrollmentTokens().issue("beta", Duration.ofHours(1));
        List<String> hashes = column("SELECT token_hash FROM enrollment_tokens");
        assertEquals(List.of(Secrets.sha256Hex(issued.token())), hashes);
        assertFalse(issued.toString().contains(issued.token()));
    }

    @Test
    default void enrollmentTokenWorksOnce() throws Exception {
        IssuedToken issued = enrollmentTokens().issue("beta", Duration.ofHours(1));
        clients().enroll(issued.token(), StoreFixture.key(), StoreFixture.key());
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> clients().enroll(issued.token(), StoreFixture.key(), StoreFixture.key()));
        assertEquals(TokenRejectedException.Reason.ALREADY_USED, e.reason());
        assertEquals(1, count("clients"));
    }

    @Test
    default void enrollmentTokenExpires() throws Exception {
        IssuedToken issued = enrollmentTokens().issue("beta", Duration.ofMinutes(10));
        clock().advance(Duration.ofMinutes(10));
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> clients().enroll(issued.token(), StoreFixture.key(), StoreFixture.key()));
        assertEquals(TokenRejectedException.Reason.EXPIRED, e.reason());
        assertEquals(0, count("clients"));
    }

    @Test
    default void enrollmentRefusesUnknownAndInjectedTokens() throws Exception {
        IssuedToken real = enrollmentTokens().issue("beta", Duration.ofHours(1));
        for (String forged : new String[] {"pbenr_nope", "' OR '1'='1", "x'; UPDATE enrollment_tokens SET used_at=NULL; --"}) {
            TokenRejectedException e = assertThrows(TokenRejectedException.class,
                    () -> clients().enroll(forged, StoreFixture.key(), StoreFixture.key()));
            assertEquals(TokenRejectedException.Reason.UNKNOWN, e.reason());
        }
        assertEquals(0, count("clients"));
        clients().enroll(real.token(), StoreFixture.key(), StoreFixture.key()); // still unused
    }

    @Test
    default void enrollmentRefusesOversizedTokenNamingTheLimit() {
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> clients().enroll("t".repeat(10_000), StoreFixture.key(), StoreFixture.key()));
        assertEquals(128, e.limit());
        assertTrue(e.getMessage().contains("128"), e.getMessage());
    }

    @Test
    default void enrollmentRefusesWrongKeyLengthsWithoutConsumingTheToken() throws Exception {
        IssuedToken issued = enrollmentTokens().issue("beta", Duration.ofHours(1));
        assertThrows(InvalidInputException.class, () -> clients().enroll(issued.token(), new byte[31], StoreFixture.key()));
        assertThrows(InvalidInputException.class, () -> clients().enroll(issued.token(), StoreFixture.key(), new byte[33]));
        assertThrows(InvalidInputException.class, () -> clients().enroll(issued.token(), null, StoreFixture.key()));
        clients().enroll(issued.token(), StoreFixture.key(), StoreFixture.key());
    }

    @Test
    default void enrollmentWithAKeyInUseLeavesTheTokenUnused() throws Exception {
        byte[] signing = StoreFixture.key();
        clients().enroll(enrollmentTokens().issue("beta", Duration.ofHours(1)).token(), signing, StoreFixture.key());
        IssuedToken second = enrollmentTokens().issue("beta", Duration.ofHours(1));
        assertThrows(KeyInUseException.class, () -> clients().enroll(second.token(), signing, StoreFixture.key()));
        assertEquals(1, count("clients"));
        assertEquals(1, count("client_state"));
        clients().enroll(second.token(), StoreFixture.key(), StoreFixture.key());
    }

    @Test
    default void enrollmentTokenRacedByEightThreadsEnrollsExactlyOne() throws Exception {
        IssuedToken issued = enrollmentTokens().issue("beta", Duration.ofHours(1));
        List<Future<String>> results = StoreFixture.race(8,
                () -> clients().enroll(issued.token(), StoreFixture.key(), StoreFixture.key()).id());
        int enrolled = 0;
        for (Future<String> result : results) {
            try {
                assertNotEquals(null, result.get());
                enrolled++;
            } catch (ExecutionException e) {
                TokenRejectedException rejected = assertThrows(TokenRejectedException.class, () -> {
                    throw e.getCause();
                });
                assertEquals(TokenRejectedException.Reason.ALREADY_USED, rejected.reason());
            }
        }
        assertEquals(1, enrolled);
        assertEquals(1, count("clients"));
    }

    @Test
    default void enrollmentTokenChannelIsBounded() {
        LimitExceededException tooLong = assertThrows(LimitExceededException.class,
                () -> enrollmentTokens().issue("c".repeat(65), Duration.ofHours(1)));
        assertTrue(tooLong.getMessage().contains("64"), tooLong.getMessage());
        InvalidInputException injected = assertThrows(InvalidInputException.class,
                () -> enrollmentTokens().issue("prod'; DROP TABLE clients; --", Duration.ofHours(1)));
        assertEquals("channel", injected.field());
        assertThrows(IllegalArgumentException.class, () -> enrollmentTokens().issue("beta", Duration.ofDays(31)));
    }
}
