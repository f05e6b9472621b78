package io.patchbay.server.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.push.PushFanoutTest.Tasks;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.server.impl.store.PushBatches.Target;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals prepared while the node is idle: used once each, only for the key they were made for, and a push that finds
 * none ready is sealed in full; every message opens for its client either way.
 */
class PreparedSealTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CLIENTS = 5;

    /** The keyring (a TUF repository whose root lists the push key) is made once: it is the slow part. */
    @TempDir
    static Path repositoryDir;
    static PushKeyring keyring;

    @TempDir
    Path dir;

    static final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    Database database;
    PushBatches store;
    final PushRegistry registry = new PushRegistry(100, 16);
    final List<SealingKeyPair> keys = new ArrayList<>();
    final List<FakeStream> streams = new ArrayList<>();
    final List<PushConnection> connections = new ArrayList<>();
    final Tasks pool = new Tasks(false);
    final Tasks preparer = new Tasks(false);
    PushFanout fanout;

    @BeforeAll
    static void keyring() throws Exception {
        String pushKey = PushKeyring.init(repositoryDir, RANDOM);
        ServerRepository.init(repositoryDir, Optional.empty(), List.of(pushKey), clock);
        keyring = PushKeyring.open(repositoryDir, ServerRepository.open(repositoryDir, clock), RANDOM);
    }

    @BeforeEach
    void open() throws Exception {
        database = Database.open(DatabaseSettings.embedded(dir));
        store = new PushBatches(database, clock);
        for (int i = 0; i < CLIENTS; i++) {
            SealingKeyPair key = SealingKeyPair.generate(RANDOM);
            FakeStream stream = new FakeStream();
            assertTrue(registry.reserve("client-" + i));
            connections.add(registry.open("client-" + i, "stable", key.publicKey().raw(), stream.response, stream.done));
            keys.add(key);
            streams.add(stream);
        }
        fanout = new PushFanout(store, registry, keyring, clock, new Tasks(true), pool, preparer, store.maxId(),
                Duration.ofSeconds(30), PushBatches.MAX_PAGE);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void preparedSealsAreUsedOnceAndAPushThatFindsNoneSealsInFull() throws Exception {
        fanout.prepareAhead(connections);
        assertEquals(1, preparer.kept.size(), "one background task for the lot");
        runAll(preparer);
        connections.forEach(c -> assertTrue(c.hasPrepared()));

        Batch first = push();
        assertEquals(CLIENTS, fanout.preparedUsed());
        connections.forEach(c -> assertFalse(c.hasPrepared(), "taken, so never used twice"));
        assertEquals(1, preparer.kept.size(), "the refill is queued behind the push, not done in it");

        Batch second = push(); // before the refill ran: sealed in full
        assertEquals(CLIENTS, fanout.preparedUsed());
        runAll(preparer);
        Batch third = push();
        assertEquals(2L * CLIENTS, fanout.preparedUsed());

        for (int i = 0; i < CLIENTS; i++) {
            assertEquals(List.of(first.id(), second.id(), third.id()), counters(i), "client-" + i);
        }
    }

    @Test
    void aClientThatRotatesItsKeyLosesItsPreparedSealAndStillGetsPushesItCanOpen() throws Exception {
        fanout.prepareAhead(connections);
        runAll(preparer);
        SealingKeyPair rotated = SealingKeyPair.generate(RANDOM);
        connections.get(0).rekey(rotated.publicKey().raw());
        keys.set(0, rotated);
        assertFalse(connections.get(0).hasPrepared());

        Batch batch = push();
        assertEquals(CLIENTS - 1, fanout.preparedUsed());
        assertEquals(List.of(batch.id()), counters(0));
    }

    @Test
    void preparingAheadGivesWayWhileAPushIsSealedAndTheRefillAfterItCoversEveryStream() throws Exception {
        fanout.prepareAhead(connections); // queued, not run yet
        Batch batch = store.create(PushBatches.Action.CHECK_NOW, PushBatches.Urgency.NORMAL, Target.channel("stable"),
                Duration.ofMinutes(5), "op");
        fanout.wake(); // its chunk waits in the sealing pool: a push is being sealed now
        runAll(preparer);
        connections.forEach(c -> assertFalse(c.hasPrepared(), "no key agreement competes with the sealers"));
        fanout.prepareAhead(connections);
        assertEquals(0, preparer.kept.size(), "nothing queued while sealing; the refill will cover it");

        runAll(pool);
        assertEquals(0, fanout.preparedUsed(), "sealed in full");
        assertEquals(1, preparer.kept.size(), "the refill, queued once the last chunk was sealed");
        runAll(preparer);
        connections.forEach(c -> assertTrue(c.hasPrepared()));
        for (int i = 0; i < CLIENTS; i++) {
            assertEquals(List.of(batch.id()), counters(i), "client-" + i);
        }
    }

    private Batch push() throws Exception {
        Batch batch = store.create(PushBatches.Action.CHECK_NOW, PushBatches.Urgency.NORMAL, Target.channel("stable"),
                Duration.ofMinutes(5), "op");
        fanout.wake();
        runAll(pool);
        return batch;
    }

    private static void runAll(Tasks tasks) {
        List<Runnable> now = new ArrayList<>(tasks.kept);
        tasks.kept.clear();
        now.forEach(Runnable::run);
    }

    /** The counters of the pushes client {@code i} received, each opened and checked as its agent would. */
    private List<Long> counters(int i) throws Exception {
        PushOpener opener = new PushOpener(keys.get(i), "client-" + i,
                List.of(SigningPublicKey.fromBase64Url(keyring.activeKey())), clock, Duration.ofMinutes(1));
        List<Long> counters = new ArrayList<>();
        for (String frame : streams.get(i).frames()) {
            if (frame.startsWith("event: push")) {
                PushMessage message = opener.open(frame.substring("event: push\ndata: ".length()).trim());
                assertEquals(PushAction.CHECK_NOW, message.action());
                counters.add(message.counter());
            }
        }
        return counters;
    }
}
