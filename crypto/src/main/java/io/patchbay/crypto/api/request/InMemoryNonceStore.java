package io.patchbay.crypto.api.request;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A bounded {@link NonceStore} in memory, for tests and a single server node. It forgets only expired
 * entries: when it holds {@code capacity} unexpired nonces, a new one is refused with
 * {@link NonceStoreFullException} (fail closed) rather than making room by forgetting a nonce that could
 * still be replayed. Expired entries are dropped as time passes, oldest expiry first, on every call.
 * A per-client bound keeps one enrolled client (compromised, or looping) from filling the store and so
 * locking every other client out: past its bound, only that client's requests are refused.
 * Thread-safe (one lock: each call is a few map and heap operations).
 */
public final class InMemoryNonceStore implements NonceStore {

    private record Key(String clientId, String nonce) {
    }

    private record Expiry(Instant at, Key key) implements Comparable<Expiry> {
        @Override
        public int compareTo(Expiry other) {
            return at.compareTo(other.at);
        }
    }

    private final int capacity;
    private final int perClient;
    private final Clock clock;
    private final Map<Key, Instant> entries = new HashMap<>();
    /** The entries' expiries, soonest first: eviction looks at the head only. */
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>();
    /** Unexpired entries per client, for the per-client bound (absent means none). */
    private final Map<String, Integer> perClientCounts = new HashMap<>();

    /**
     * @param capacity the most unexpired nonces held at once; size it to the expected request rate times
     *                 the window (two skew widths) with room to spare; also the per-client bound
     * @param clock    the time source that decides which entries have expired
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public InMemoryNonceStore(int capacity, Clock clock) {
        this(capacity, capacity, clock);
    }

    /**
     * @param capacity  the most unexpired nonces held at once, over all clients
     * @param perClient the most unexpired nonces held for one client (its request rate times the window)
     * @param clock     the time source that decides which entries have expired
     * @throws IllegalArgumentException unless {@code 1 <= perClient <= capacity}
     */
    public InMemoryNonceStore(int capacity, int perClient, Clock clock) {
        if (capacity < 1 || perClient < 1 || perClient > capacity) {
            throw new IllegalArgumentException("need 1 <= perClient <= capacity, got " + perClient + " and " + capacity);
        }
        this.capacity = capacity;
        this.perClient = perClient;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized boolean firstUse(String clientId, String nonce, Instant expiresAt) {
        Key key = new Key(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(nonce, "nonce"));
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        evictExpired(now);
        if (entries.containsKey(key)) {
            return false;
        }
        if (!expiresAt.isAfter(now)) {
            // Already outside the window: nothing to remember (the timestamp check refuses such requests).
            return true;
        }
        if (entries.size() >= capacity) {
            throw new NonceStoreFullException("the replay cache holds " + capacity + " unexpired nonces");
        }
        int held = perClientCounts.getOrDefault(clientId, 0);
        if (held >= perClient) {
            throw new NonceStoreFullException("the replay cache holds " + perClient + " unexpired nonces of this client");
        }
        perClientCounts.put(clientId, held + 1);
        entries.put(key, expiresAt);
        expiries.add(new Expiry(expiresAt, key));
        return true;
    }

    /**
     * The number of nonces held now (expired ones included until the next call drops them), for monitoring.
     *
     * @return 0 to the capacity
     */
    public synchronized int size() {
        return entries.size();
    }

    private void evictExpired(Instant now) {
        Expiry head;
        while ((head = expiries.peek()) != null && !head.at().isAfter(now)) {
            expiries.poll();
            if (entries.remove(head.key(), head.at())) {
                perClientCounts.computeIfPresent(head.key().clientId(), (client, held) -> held == 1 ? null : held - 1);
            }
        }
    }
}
