package io.patchbay.server.impl.push;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * This node's open push streams, one per client id (a client that connects again replaces its old stream), under a
 * connection cap: slots are reserved before a stream opens, so a reconnect storm beyond the cap is answered 503 with
 * Retry-After instead of growing the node without bound.
 */
final class PushRegistry {
    private final int cap;
    private final int maxQueued;
    private final AtomicInteger reserved = new AtomicInteger();
    private final ConcurrentHashMap<String, PushConnection> byClient = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    PushRegistry(int cap, int maxQueued) {
        if (cap < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("cap and maxQueued must be at least 1");
        }
        this.cap = cap;
        this.maxQueued = maxQueued;
    }

    int cap() {
        return cap;
    }

    /** Open streams (and slots reserved for streams being opened). */
    int size() {
        return reserved.get();
    }

    /** Whether a new stream for {@code clientId} (null: unknown) would be refused now. */
    boolean full(String clientId) {
        return stopped || (reserved.get() >= cap && (clientId == null || !byClient.containsKey(clientId)));
    }

    /**
     * Takes a slot; false at the cap (or once stopped). A client that already has a stream here always gets one: its
     * new stream replaces the old (which it may have lost without the node noticing yet), so the node's count stays.
     * Every true must be followed by {@link #open} or {@link #release}.
     */
    boolean reserve(String clientId) {
        if (!stopped && byClient.containsKey(clientId)) {
            reserved.incrementAndGet();
            return true;
        }
        while (true) {
            int now = reserved.get();
            if (stopped || now >= cap) {
                return false;
            }
            if (reserved.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (reserved.decrementAndGet() <= 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits (at most {@code millis}) until every stream has ended; true when they all did. */
    synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        while (reserved.get() > 0) {
            long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Opens a stream in a reserved slot; an older stream of the same client is closed ("replaced"). */
    PushConnection open(String clientId, String channel, byte[] sealingKey, Response response, Callback done) {
        PushConnection connection = new PushConnection(clientId, channel, sealingKey, response, done, maxQueued,
                this::closed);
        PushConnection old = byClient.put(clientId, connection);
        if (old != null) {
            old.close("replaced");
        }
        if (stopped) {
            connection.close("server_stopping");
        }
        return connection;
    }

    private void closed(PushConnection connection) {
        byClient.remove(connection.clientId(), connection);
        release();
    }

    PushConnection find(String clientId) {
        return byClient.get(clientId);
    }

    /** A snapshot of the open streams a predicate selects. */
    List<PushConnection> matching(Predicate<PushConnection> filter) {
        List<PushConnection> found = new ArrayList<>();
        for (PushConnection connection : byClient.values()) {
            if (filter.test(connection)) {
                found.add(connection);
            }
        }
        return found;
    }

    /** A keepalive comment on every stream; one that cannot take it (its queue is full) is cut off. */
    void keepalive() {
        for (PushConnection connection : byClient.values()) {
            connection.send(PushConnection.KEEPALIVE);
        }
    }

    void disconnect(String clientId, String reason) {
        PushConnection connection = byClient.get(clientId);
        if (connection != null) {
            connection.close(reason);
        }
    }

    /** Refuses new streams and ends every open one cleanly. */
    void stop() {
        stopped = true;
        for (PushConnection connection : byClient.values()) {
            connection.close("server_stopping");
        }
    }
}
