package io.patchbay.crypto.api.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryNonceStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void aNonceIsFirstUsedOncePerClient() {
        InMemoryNonceStore store = new InMemoryNonceStore(10, clock);
        Instant expires = T0.plusSeconds(60);
        assertTrue(store.firstUse("alice", "n1", expires));
        assertFalse(store.firstUse("alice", "n1", expires));
        assertFalse(store.firstUse("alice", "n1", expires.plusSeconds(600)), "a later expiry is still a replay");
        assertTrue(store.firstUse("bob", "n1", expires), "clients have separate nonce spaces");
        assertTrue(store.firstUse("alice", "n2", expires));
    }

    @Test
    void anEntryIsKeptUntilItsExpiryAndForgottenFromIt() {
        InMemoryNonceStore store = new InMemoryNonceStore(10, clock);
        assertTrue(store.firstUse("alice", "n", T0.plusSeconds(60)));
        clock.set(T0.plusSeconds(60).minusNanos(1));
        assertFalse(store.firstUse("alice", "n", T0.plusSeconds(120)));
        clock.set(T0.plusSeconds(60));
        assertTrue(store.firstUse("alice", "n", T0.plusSeconds(120)), "forgotten at its expiry");
        assertEquals(1, store.size());
    }

    @Test
    void anAlreadyExpiredNonceTakesNoRoom() {
        InMemoryNonceStore store = new InMemoryNonceStore(1, clock);
        assertTrue(store.firstUse("alice", "old", T0));
        assertEquals(0, store.size());
        assertTrue(store.firstUse("alice", "new", T0.plusSeconds(1)));
    }

    @Test
    void aFloodOfUniqueNoncesFailsClosedAndEvictsOnlyExpiredEntries() {
        int capacity = 1_000;
        InMemoryNonceStore store = new InMemoryNonceStore(capacity, clock);
        // Half expire in 10 s, half in 600 s.
        for (int i = 0; i < capacity; i++) {
            assertTrue(store.firstUse("client", "n" + i, T0.plusSeconds(i % 2 == 0 ? 10 : 600)));
        }
        for (int i = 0; i < 50; i++) {
            int n = i;
            assertThrows(NonceStoreFullException.class, () -> store.firstUse("attacker", "flood" + n, T0.plusSeconds(600)));
        }
        assertEquals(capacity, store.size());
        for (int i = 0; i < capacity; i++) {
            assertFalse(store.firstUse("client", "n" + i, T0.plusSeconds(600)), "nothing unexpired was evicted: n" + i);
        }

        clock.advance(Duration.ofSeconds(10));
        // The 500 expired entries make room, exactly that much.
        for (int i = 0; i < capacity / 2; i++) {
            assertTrue(store.firstUse("client", "m" + i, T0.plusSeconds(700)));
        }
        assertThrows(NonceStoreFullException.class, () -> store.firstUse("client", "one-more", T0.plusSeconds(700)));
        for (int i = 1; i < capacity; i += 2) {
            assertFalse(store.firstUse("client", "n" + i, T0.plusSeconds(600)), "unexpired n" + i + " still remembered");
        }
    }

    @Test
    void aSteadyStreamWithinCapacityNeverFills() {
        InMemoryNonceStore store = new InMemoryNonceStore(601, clock);
        // One nonce a second, each kept 600 s: at most 600 held at once.
        for (int i = 0; i < 5_000; i++) {
            assertTrue(store.firstUse("client", "n" + i, clock.instant().plusSeconds(600)));
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(store.size() <= 601);
    }

    @Test
    void oneClientFloodingHitsItsOwnBoundAndLocksNoOneElseOut() {
        InMemoryNonceStore store = new InMemoryNonceStore(100, 10, clock);
        for (int i = 0; i < 10; i++) {
            assertTrue(store.firstUse("noisy", "n" + i, T0.plusSeconds(60)));
        }
        assertThrows(NonceStoreFullException.class, () -> store.firstUse("noisy", "n10", T0.plusSeconds(60)));
        assertTrue(store.firstUse("quiet", "n0", T0.plusSeconds(60)));
        assertFalse(store.firstUse("noisy", "n3", T0.plusSeconds(60)), "a replay is still a replay at the bound");
        clock.advance(Duration.ofSeconds(60));
        assertTrue(store.firstUse("noisy", "n10", T0.plusSeconds(120)), "expiry frees the client's room");
        for (int i = 11; i < 20; i++) {
            assertTrue(store.firstUse("noisy", "n" + i, T0.plusSeconds(120)));
        }
        assertThrows(NonceStoreFullException.class, () -> store.firstUse("noisy", "n20", T0.plusSeconds(120)));
    }

    @Test
    void concurrentUsesOfOneNonceLetExactlyOneThrough() throws Exception {
        InMemoryNonceStore store = new InMemoryNonceStore(10_000, clock);
        int threads = 8;
        for (int round = 0; round < 200; round++) {
            String nonce = "race" + round;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger winners = new AtomicInteger();
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (store.firstUse("alice", nonce, T0.plusSeconds(60))) {
                        winners.incrementAndGet();
                    }
                });
                thread.start();
                started.add(thread);
            }
            start.countDown();
            for (Thread thread : started) {
                thread.join();
            }
            assertEquals(1, winners.get(), "round " + round);
        }
    }

    @Test
    void boundsMustBeSane() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryNonceStore(0, clock));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryNonceStore(10, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryNonceStore(10, 11, clock));
    }
}
