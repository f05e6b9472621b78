package io.patchbay.server.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SealedBox;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.server.impl.store.PushBatches.Target;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out for 10,000 open streams: the wake-up thread reads the batch once and only hands chunks to the sealing
 * pool (it seals nothing itself); the pool then writes one sealed message per targeted stream, counter = batch id.
 */
class PushFanoutTest {
    @TempDir
    Path dir;

    Database database;
    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    /** Runs what it is given on the caller's thread (the wake-up "thread"), or keeps it for later (the pool). */
    static final class Tasks extends AbstractExecutorService {
        final List<Runnable> kept = new ArrayList<>();
        final boolean inline;

        Tasks(boolean inline) {
            this.inline = inline;
        }

        @Override
        public void execute(Runnable task) {
            if (inline) {
                task.run();
            } else {
                kept.add(task);
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @BeforeEach
    void open() throws Exception {
        database = Database.open(DatabaseSettings.embedded(dir));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void tenThousandStreamsAreSealedOnThePoolNotOnTheWakeUpThread() throws Exception {
        PushBatches store = new PushBatches(database, clock);
        PushRegistry registry = new PushRegistry(20_000, 16);
        List<FakeStream> streams = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            FakeStream stream = new FakeStream();
            streams.add(stream);
            assertTrue(registry.reserve("client-" + i));
            registry.open("client-" + i, i % 2 == 0 ? "stable" : "beta", new byte[32], stream.response, stream.done);
        }
        AtomicInteger sealed = new AtomicInteger();
        Tasks wakeThread = new Tasks(true);
        Tasks pool = new Tasks(false);
        PushFanout fanout = new PushFanout(store, registry, new MessageSealer() {
            @Override
            public byte[] seal(Batch batch, String clientId, byte[] key, SealedBox.Prepared prepared) {
                sealed.incrementAndGet();
                return (batch.id() + ":" + clientId).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }

            @Override
            public SealedBox.Prepared prepare(byte[] key) {
                return null;
            }
        }, clock, wakeThread, pool, new Tasks(false), store.maxId(), Duration.ofSeconds(30), PushBatches.MAX_PAGE);

        Batch batch = store.create(PushBatches.Action.CHECK_NOW, PushBatches.Urgency.NORMAL, Target.channel("stable"),
                Duration.ofMinutes(5), "op");
        fanout.wake();
        assertEquals(0, sealed.get(), "the wake-up thread sealed nothing");
        assertEquals((5_000 + PushFanout.CHUNK - 1) / PushFanout.CHUNK, pool.kept.size(), "chunks of the targeted streams");

        pool.kept.forEach(Runnable::run);
        assertEquals(5_000, sealed.get());
        assertEquals(5_000, fanout.sent());
        for (int i = 0; i < 10_000; i++) {
            List<String> frames = streams.get(i).frames();
            if (i % 2 == 0) {
                assertEquals(1, frames.size());
                String data = frames.get(0).substring("event: push\ndata: ".length()).trim();
                assertEquals(batch.id() + ":client-" + i, new String(io.patchbay.crypto.api.Base64Url.decode(data),
                        java.nio.charset.StandardCharsets.US_ASCII));
            } else {
                assertEquals(List.of(), frames, "beta was not targeted");
            }
        }
        // Nothing new: a wake-up reads and sends nothing.
        int chunks = pool.kept.size();
        fanout.wake();
        assertEquals(chunks, pool.kept.size());
        assertEquals(5_000, sealed.get());
    }
}
