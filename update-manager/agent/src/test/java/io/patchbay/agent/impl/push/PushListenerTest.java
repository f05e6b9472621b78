package io.patchbay.agent.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceEndpoint;
import io.patchbay.agent.impl.device.HttpsDeviceTransport;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.agent.testing.SseTestServer;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push connection against a loopback TLS event-stream server: signed and pinned, one check per hello, pushes
 * delivered, reconnects with backoff (and Retry-After), dead connections cut, a clean stop. Timers are driven by
 * hand; the only waits are bounded waits for the reader thread.
 */
class PushListenerTest {
    static final long WAIT_MS = SseTestServer.WAIT.toMillis();
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    ManualScheduler timers = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    PushStats stats = new PushStats();
    SecureRandom random = new SecureRandom();
    ClientIdentity me = new ClientIdentity(SigningKeyPair.generate(random), SealingKeyPair.generate(random), "client-a");
    BlockingQueue<String> checks = new LinkedBlockingQueue<>();
    BlockingQueue<String> pushes = new LinkedBlockingQueue<>();
    List<Thread> readers = new CopyOnWriteArrayList<>();
    SseTestServer server;
    PushListener listener;

    @BeforeEach
    void start() throws Exception {
        server = new SseTestServer(dir.resolve("server"), clock, me.signing().publicKey());
        DeviceEndpoint endpoint = new DeviceEndpoint(server.baseUri(), server.pins());
        DeviceClient client = new DeviceClient(endpoint, new HttpsDeviceTransport(endpoint, Duration.ofSeconds(10)),
                clock, random);
        PushListener.Link link = new PushListener.Link() {
            @Override
            public Optional<ClientIdentity> identity() {
                return Optional.of(me);
            }

            @Override
            public DeviceClient client() {
                return client;
            }

            @Override
            public void check() {
                checks.add("check");
            }
        };
        listener = new PushListener(link, pushes::add, timers, task -> {
            Thread thread = new Thread(task, "test-push-reader");
            thread.setDaemon(true);
            readers.add(thread);
            return thread;
        }, clock, new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), ReconnectBackoffTest.fixed(0.5)),
                stats, log);
    }

    @AfterEach
    void stop() {
        listener.close();
        server.close();
    }

    /** Runs the pending connect and answers it with a hello; returns the connection once the check was asked. */
    SseTestServer.Connection connectAndHello(long keepaliveSeconds) throws Exception {
        timers.runNext();
        SseTestServer.Connection connection = server.nextConnection();
        assertTrue(connection.hello(keepaliveSeconds));
        assertNotNull(checks.poll(WAIT_MS, TimeUnit.MILLISECONDS), "a hello runs one check");
        return connection;
    }

    /** Waits (bounded) for the last reader thread to end. */
    void readerEnds() throws InterruptedException {
        Thread reader = readers.get(readers.size() - 1);
        reader.join(WAIT_MS);
        assertFalse(reader.isAlive(), "the reader thread ended");
    }

    @Test
    void aSignedPinnedConnectionChecksOncePerHelloAndDeliversOnlyPushes() throws Exception {
        listener.start();
        SseTestServer.Connection connection = connectAndHello(25);
        assertTrue(stats.isConnected());
        assertEquals(0, server.badSignatures(), "the GET is signed like every device request");
        connection.send("event: other\ndata: ignored\n\n: k\n\nevent: hello\ndata: {}\n\n");
        connection.push("first");
        connection.push("second");
        assertEquals("first", pushes.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals("second", pushes.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(0, checks.size(), "a second hello on the same connection does not check again");
        assertEquals(1, log.count("push channel connected"), log.lines.toString());
        assertEquals(Map.of("push.accepted", 0L, "push.connected", true, "push.connections", 1L, "push.dropped", 0L),
                stats.facts());
    }

    @Test
    void afterADropItReconnectsWithGrowingBackoffAndChecksOnceEachTime() throws Exception {
        listener.start();
        SseTestServer.Connection first = connectAndHello(25);
        first.close();
        readerEnds();
        assertFalse(stats.isConnected());
        assertEquals(Optional.of(Duration.ofSeconds(1)), timers.nextDelay());
        assertEquals(1, timers.pending(), "only the reconnect: the dead connection's watchdog is gone");

        SseTestServer.Connection second = connectAndHello(25);
        second.close();
        readerEnds();
        assertEquals(Optional.of(Duration.ofMillis(1500)), timers.nextDelay(), "full jitter over a doubled ceiling");

        // a connection that stayed up resets the backoff
        SseTestServer.Connection third = connectAndHello(25);
        clock.advance(PushListener.STABLE);
        third.close();
        readerEnds();
        assertEquals(Optional.of(Duration.ofSeconds(1)), timers.nextDelay());
        assertEquals(3, stats.connectionCount());
        assertEquals(3, log.count("push channel lost"), "one line per drop: " + log.lines);
        assertEquals(2, log.count("connected again"), log.lines.toString());
    }

    @Test
    void a503RetryAfterIsHonouredThenItConnects() throws Exception {
        server.refuseNext(503, Map.of("Retry-After", "120"));
        listener.start();
        timers.runNext();
        Duration delay = timers.nextDelay().orElseThrow();
        assertTrue(delay.compareTo(Duration.ofSeconds(120)) >= 0 && delay.compareTo(Duration.ofSeconds(132)) <= 0,
                delay.toString());
        assertEquals(0, checks.size());
        connectAndHello(25);
        assertEquals(2, server.requests());
    }

    @Test
    void refusedRequestsAreRetriedWithBackoffAndLoggedOnce() throws Exception {
        server.refuseNext(404, Map.of());
        server.refuseNext(404, Map.of());
        listener.start();
        timers.runNext();
        assertEquals(Optional.of(Duration.ofSeconds(1)), timers.nextDelay());
        timers.runNext();
        assertEquals(Optional.of(Duration.ofMillis(1500)), timers.nextDelay());
        assertEquals(1, log.count("push channel not connected"), log.lines.toString());
        connectAndHello(25);
    }

    @Test
    void aConnectionSilentForThreeKeepalivesIsCutAndReplaced() throws Exception {
        listener.start();
        SseTestServer.Connection connection = connectAndHello(5);
        assertEquals(Optional.of(Duration.ofSeconds(15)), timers.nextDelay(), "the watchdog: 3 x keepalive");
        clock.advance(Duration.ofSeconds(10));
        connection.keepalive();
        connection.push("alive");
        assertEquals("alive", pushes.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        timers.runNext(); // at 15 s: bytes came 5 s ago, so the watchdog waits on
        assertTrue(stats.isConnected());
        timers.runNext(); // at 25 s: silent for 15 s
        readerEnds();
        assertFalse(stats.isConnected());
        assertTrue(log.lines.stream().anyMatch(l -> l.contains("no bytes for 15 s")), log.lines.toString());
        assertEquals(Optional.of(Duration.ofSeconds(1)), timers.nextDelay());
        connectAndHello(25);
    }

    @Test
    void theFirstEventMustBeHelloAndOversizeLinesEndTheConnection() throws Exception {
        listener.start();
        timers.runNext();
        server.nextConnection().push("before hello");
        readerEnds();
        assertTrue(log.lines.stream().anyMatch(l -> l.contains("not hello")), log.lines.toString());
        timers.runNext();
        SseTestServer.Connection connection = server.nextConnection();
        connection.hello(25);
        assertNotNull(checks.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        connection.send("data: " + "x".repeat(SseReader.MAX_LINE_BYTES) + "\n\n");
        readerEnds();
        assertEquals(0, pushes.size());
        assertEquals(1, timers.pending());
    }

    @Test
    void stopClosesTheConnectionAndLeavesNothingScheduled() throws Exception {
        listener.start();
        connectAndHello(25);
        listener.close();
        readerEnds();
        assertEquals(0, timers.pending());
        assertFalse(listener.running());
        assertFalse(stats.isConnected());
    }
}
