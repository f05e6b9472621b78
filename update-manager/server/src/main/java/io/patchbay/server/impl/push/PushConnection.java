package io.patchbay.server.impl.push;

import io.patchbay.crypto.api.SealedBox;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's open push stream. Writes are asynchronous and one at a time (Jetty allows one pending write): frames
 * wait in a small bounded queue, and a client that lets it fill up (it does not read, or reads too slowly) is cut
 * off rather than buffered for: it reconnects, and checks once on the new stream's hello. No thread is held while
 * the connection is idle.
 */
final class PushConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PushConnection.class);
    static final String KEEPALIVE = ": k\n\n";

    private final String clientId;
    private final String channel;
    private volatile byte[] sealingKey;
    /** A seal set up ahead for this client while the node was idle; taken (and so used) at most once. */
    private final AtomicReference<SealedBox.Prepared> prepared = new AtomicReference<>();
    private final Response response;
    private final Callback done;
    private final int maxQueued;
    private final Consumer<PushConnection> onClose;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean closing;
    private boolean closed;
    private String closeReason;

    PushConnection(String clientId, String channel, byte[] sealingKey, Response response, Callback done,
            int maxQueued, Consumer<PushConnection> onClose) {
        this.clientId = Objects.requireNonNull(clientId);
        this.channel = Objects.requireNonNull(channel);
        this.sealingKey = sealingKey.clone();
        this.response = Objects.requireNonNull(response);
        this.done = Objects.requireNonNull(done);
        this.maxQueued = maxQueued;
        this.onClose = Objects.requireNonNull(onClose);
    }

    String clientId() {
        return clientId;
    }

    String channel() {
        return channel;
    }

    byte[] sealingKey() {
        return sealingKey;
    }

    /** The client rotated its keys: pushes are sealed to the new sealing key from now on. */
    void rekey(byte[] key) {
        this.sealingKey = key.clone();
        prepared.set(null);
    }

    /** The seal prepared for this client, now no longer available to anyone else; or null. */
    SealedBox.Prepared takePrepared() {
        return prepared.getAndSet(null);
    }

    /** Keeps {@code next} for the next push unless one is kept already or the stream has ended. */
    void offerPrepared(SealedBox.Prepared next) {
        if (next != null && isOpen()) {
            prepared.compareAndSet(null, next);
        }
    }

    boolean hasPrepared() {
        return prepared.get() != null;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    synchronized boolean isOpen() {
        return !closed && !closing;
    }

    /** Queues one event frame; false if the stream is closed, or was just cut off for falling behind. */
    boolean send(String frame) {
        ByteBuffer next = null;
        boolean overflow = false;
        synchronized (this) {
            if (closed || closing) {
                return false;
            }
            ByteBuffer bytes = ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8));
            if (!writing) {
                writing = true;
                next = bytes;
            } else if (queue.size() >= maxQueued) {
                overflow = true;
            } else {
                queue.add(bytes);
            }
        }
        if (overflow) {
            abort("slow_consumer", new IOException("client " + clientId + " fell " + maxQueued
                    + " frames behind; disconnected"));
            return false;
        }
        if (next != null) {
            write(next);
        }
        return true;
    }

    private void write(ByteBuffer bytes) {
        response.write(false, bytes, Callback.from(this::written, failure -> abort("write_failed", failure)));
    }

    private void written() {
        ByteBuffer next;
        boolean finish = false;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                writing = false;
                finish = closing && !closed;
            }
        }
        if (next != null) {
            write(next);
        } else if (finish) {
            finish();
        }
    }

    /** Ends the stream cleanly once what is queued has been written (server stop, replaced, revoked). */
    void close(String reason) {
        boolean now;
        synchronized (this) {
            if (closed || closing) {
                return;
            }
            closing = true;
            closeReason = reason;
            now = !writing;
        }
        if (now) {
            finish();
        }
    }

    private void finish() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        // The slot is given back once the last chunk is out, so a stopping server can wait for clean ends.
        response.write(true, ByteBuffer.allocate(0), Callback.from(() -> {
            onClose.accept(this);
            done.succeeded();
        }, failure -> {
            onClose.accept(this);
            done.failed(failure);
        }));
    }

    /** Cuts the connection at once: the pending write and the queue are dropped. */
    void abort(String reason, Throwable cause) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            if (closeReason == null) {
                closeReason = reason;
            }
            queue.clear();
        }
        LOG.debug("push stream of {} cut: {} ({})", clientId, reason, cause.getMessage());
        onClose.accept(this);
        done.failed(cause);
    }
}
