package io.patchbay.server.impl.push;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SealedBox;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.server.impl.store.PushBatches.TargetKind;
import io.patchbay.server.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored pushes to this node's open streams. A wake-up (from the bus or the periodic re-scan) only marks work
 * as due; one wake-up thread reads new batches by id in bounded pages ({@link BatchCursor}), picks the targeted open
 * streams from memory, and hands them in chunks to the sealing pool, so sealing for 10,000 clients keeps the wake-up
 * thread busy for milliseconds and uses every core. No database access per client: the batch row and each stream's
 * sealing key (held since it connected) are all the sealing needs.
 *
 * <p>Most of a seal is the key agreement with the client's key, which does not depend on the message: it is done
 * ahead, on one background thread, when a stream opens and again once a push has been sealed for everyone it
 * targets ({@link MessageSealer#prepare}), so a push to many clients costs mostly one signature each. That thread
 * gives way to sealing: it stops between two streams while any push is being sealed (Java thread priorities are
 * not process priorities on Linux, so a "low-priority" thread would still take a core from the sealers), and the
 * refill after the push picks up every open stream still without one. A stream whose prepared seal is not ready
 * yet (a second push in quick succession) is sealed in full, as before.
 */
final class PushFanout {
    private static final Logger LOG = LoggerFactory.getLogger(PushFanout.class);
    static final int CHUNK = 256;

    private final PushBatches store;
    private final PushRegistry registry;
    private final MessageSealer sealer;
    private final Clock clock;
    private final ExecutorService wakeThread;
    private final ExecutorService sealers;
    private final ExecutorService preparer;
    private final BatchCursor cursor;
    private final AtomicBoolean due = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sealFailures = new AtomicLong();
    private final AtomicLong preparedUsed = new AtomicLong();
    /** Chunks handed to the sealing pool and not finished yet; while above zero, preparing ahead waits. */
    private final AtomicInteger sealing = new AtomicInteger();

    PushFanout(PushBatches store, PushRegistry registry, MessageSealer sealer, Clock clock, ExecutorService wakeThread,
            ExecutorService sealers, ExecutorService preparer, long startAfter, Duration gapWait, int pageSize) {
        this.store = Objects.requireNonNull(store);
        this.registry = Objects.requireNonNull(registry);
        this.sealer = Objects.requireNonNull(sealer);
        this.clock = Objects.requireNonNull(clock);
        this.wakeThread = Objects.requireNonNull(wakeThread);
        this.sealers = Objects.requireNonNull(sealers);
        this.preparer = Objects.requireNonNull(preparer);
        this.cursor = new BatchCursor(startAfter, gapWait, pageSize);
    }

    /** Marks new batches as possibly due; coalesces: many wake-ups while a read is queued cost one read. */
    void wake() {
        if (due.compareAndSet(false, true)) {
            try {
                wakeThread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                due.set(false); // stopping
            }
        }
    }

    /** Messages written to streams so far (for tests and logs). */
    long sent() {
        return sent.get();
    }

    /** Messages sealed with a seal prepared ahead (for tests and logs). */
    long preparedUsed() {
        return preparedUsed.get();
    }

    /**
     * Sets up the next seal for each of {@code connections} that has none, in the background, unless a push is being
     * sealed (then the refill after it covers them).
     */
    void prepareAhead(List<PushConnection> connections) {
        if (sealing.get() > 0) {
            return;
        }
        try {
            preparer.execute(() -> {
                for (PushConnection connection : connections) {
                    if (sealing.get() > 0) {
                        return; // give the cores to the push; the refill after it resumes here
                    }
                    if (connection.isOpen() && !connection.hasPrepared()) {
                        try {
                            connection.offerPrepared(sealer.prepare(connection.sealingKey()));
                        } catch (RuntimeException e) {
                            return; // a push seals in full; its failure, if any, is logged there
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** After the last chunk of sealing: every open stream without a prepared seal gets one, in the background. */
    private void refill() {
        prepareAhead(registry.matching(c -> c.isOpen() && !c.hasPrepared()));
    }

    private void drain() {
        due.set(false);
        try {
            while (true) {
                List<Batch> batches = cursor.next(store, clock.instant());
                if (batches.isEmpty()) {
                    return;
                }
                deliver(batches);
                if (batches.size() < PushBatches.MAX_PAGE) {
                    return;
                }
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("reading new pushes failed ({}); retried at the next wake-up or re-scan", e.getMessage());
        }
    }

    private void deliver(List<Batch> batches) {
        Instant now = clock.instant();
        List<Batch> live = new ArrayList<>();
        List<Set<String>> named = new ArrayList<>();
        for (Batch batch : batches) {
            if (batch.expiresAt().isAfter(now)) {
                live.add(batch);
                boolean byId = batch.target().kind() == TargetKind.CLIENT || batch.target().kind() == TargetKind.GROUP;
                named.add(byId ? new HashSet<>(batch.target().clientIds()) : null);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        List<PushConnection> targets = registry.matching(c -> targetedByAny(c, live, named));
        long started = System.nanoTime();
        int chunks = (targets.size() + CHUNK - 1) / CHUNK;
        AtomicInteger chunksLeft = new AtomicInteger(chunks);
        sealing.addAndGet(chunks);
        int handed = 0;
        for (int from = 0; from < targets.size(); from += CHUNK, handed++) {
            List<PushConnection> chunk = targets.subList(from, Math.min(targets.size(), from + CHUNK));
            try {
                sealers.execute(() -> {
                    try {
                        sealAndSend(chunk, live, named);
                    } finally {
                        chunkDone();
                    }
                    if (chunksLeft.decrementAndGet() == 0) {
                        // what an operator sizing a node wants to see: the sealing cost of one wake-up here
                        LOG.info("push {}: sealed and queued for {} stream(s) in {} ms ({} sealed with a seal prepared"
                                + " ahead so far)", live.get(live.size() - 1).id(), targets.size(),
                                (System.nanoTime() - started) / 1_000_000, preparedUsed.get());
                    }
                });
            } catch (RejectedExecutionException e) {
                sealing.addAndGet(handed - chunks); // stopping: the chunks not handed over will never finish
                return;
            }
        }
    }

    private void chunkDone() {
        if (sealing.decrementAndGet() == 0) {
            refill();
        }
    }

    private static boolean targeted(PushConnection connection, Batch batch, Set<String> named) {
        return named != null ? named.contains(connection.clientId()) : batch.target().includes(connection.clientId(),
                connection.channel());
    }

    private static boolean targetedByAny(PushConnection connection, List<Batch> live, List<Set<String>> named) {
        for (int i = 0; i < live.size(); i++) {
            if (targeted(connection, live.get(i), named.get(i))) {
                return true;
            }
        }
        return false;
    }

    private void sealAndSend(List<PushConnection> chunk, List<Batch> live, List<Set<String>> named) {
        for (PushConnection connection : chunk) {
            for (int i = 0; i < live.size(); i++) {
                Batch batch = live.get(i);
                if (!connection.isOpen() || !targeted(connection, batch, named.get(i))) {
                    continue;
                }
                byte[] sealed;
                try {
                    sealed = seal(connection, batch);
                } catch (RuntimeException e) {
                    if (sealFailures.getAndIncrement() == 0 || LOG.isDebugEnabled()) {
                        LOG.warn("cannot seal push {} for {}: {}", batch.id(), connection.clientId(), e.getMessage());
                    }
                    continue;
                }
                if (connection.send("event: push\ndata: " + Base64Url.encode(sealed) + "\n\n")) {
                    sent.incrementAndGet();
                }
            }
        }
    }

    private byte[] seal(PushConnection connection, Batch batch) {
        byte[] key = connection.sealingKey();
        SealedBox.Prepared prepared = connection.takePrepared();
        byte[] sealed = sealer.seal(batch, connection.clientId(), key, prepared);
        if (prepared != null) {
            preparedUsed.incrementAndGet();
        }
        return sealed;
    }
}
