package io.patchbay.agent.impl.push;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the push channel did since the agent started, reported home as check-in facts: {@code push.accepted},
 * {@code push.dropped} (accepted but over the bucket), {@code push.refused.<code>} per refusal reason,
 * {@code push.connected} (the channel is up now) and {@code push.connections} (hellos received).
 */
public final class PushStats {
    public static final String PREFIX = "push.";
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean connected;

    /** Counts a refusal; true for the first of its kind (the one that is logged). */
    boolean refused(String code) {
        return refused.computeIfAbsent(code, c -> new AtomicLong()).getAndIncrement() == 0;
    }

    void accepted() {
        accepted.incrementAndGet();
    }

    void dropped() {
        dropped.incrementAndGet();
    }

    void connected(boolean up) {
        if (up) {
            connections.incrementAndGet();
        }
        connected = up;
    }

    public long refusedCount(String code) {
        AtomicLong count = refused.get(code);
        return count == null ? 0 : count.get();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long droppedCount() {
        return dropped.get();
    }

    public long connectionCount() {
        return connections.get();
    }

    public boolean isConnected() {
        return connected;
    }

    /** The check-in facts, in a stable order. */
    public Map<String, Object> facts() {
        Map<String, Object> facts = new TreeMap<>();
        facts.put(PREFIX + "connected", connected);
        facts.put(PREFIX + "connections", connections.get());
        facts.put(PREFIX + "accepted", accepted.get());
        facts.put(PREFIX + "dropped", dropped.get());
        refused.forEach((code, count) -> facts.put(PREFIX + "refused." + code, count.get()));
        return facts;
    }
}
