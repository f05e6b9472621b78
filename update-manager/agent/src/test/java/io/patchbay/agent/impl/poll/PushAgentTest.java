package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.api.PushSettings;
import io.patchbay.agent.api.Scheduler;
import io.patchbay.agent.impl.device.DeviceEndpoint;
import io.patchbay.agent.impl.device.DeviceTransport;
import io.patchbay.agent.impl.device.HttpsDeviceTransport;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.identity.IdentityStore;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.PushFixture;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.agent.testing.SseTestServer;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushUrgency;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent with its push channel: check-ins go to a real update server, the event stream comes from the
 * loopback test server (the real server's endpoint is another branch's work), both over pinned TLS. What is
 * asserted is what the server sees: check-ins and the facts they carry.
 */
class PushAgentTest {
    static final long WAIT_MS = SseTestServer.WAIT.toMillis();
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler checks = new ManualScheduler(clock);
    ManualScheduler pushTimers = new ManualScheduler(clock);
    /** Every delay the agent scheduled a task with, as it happened (the push channel schedules from its thread). */
    BlockingQueue<Duration> scheduled = new LinkedBlockingQueue<>();
    RecordingLog log = new RecordingLog();
    PushFixture pushes = new PushFixture(clock);
    List<Thread> readers = new CopyOnWriteArrayList<>();
    AgentServer server;
    SseTestServer events;
    PollingAgent agent;

    @BeforeEach
    void servers() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock, Duration.ofHours(6));
        events = new SseTestServer(dir.resolve("events"), clock, () -> identity().signing().publicKey());
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        events.close();
        server.close();
    }

    ClientIdentity identity() {
        try {
            return new IdentityStore(dir.resolve("agent"), new SecureRandom(), clock).loadOrCreate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PollingAgent agent(AgentConfig config) {
        return agent(config, null);
    }

    /** @param hostCalls where the host's callbacks run (null: the agent's own thread) */
    PollingAgent agent(AgentConfig config, java.util.concurrent.Executor hostCalls) {
        Scheduler signalling = (task, delay) -> {
            Scheduler.Cancellable cancellable = checks.schedule(task, delay);
            scheduled.add(delay);
            return cancellable;
        };
        DeviceTransport streams = new HttpsDeviceTransport(new DeviceEndpoint(events.baseUri(), events.pins()),
                Duration.ofSeconds(10));
        return PollingAgent.builder(config, new FakePatchService()).scheduler(signalling).clock(clock).log(log)
                .jitter(PollingAgentTest.half())
                .transports(endpoint -> new DeviceTransport() {
                    final HttpsDeviceTransport checkIns = new HttpsDeviceTransport(endpoint, Duration.ofSeconds(10));

                    @Override
                    public Response post(String target, byte[] body, Map<String, String> headers) throws IOException {
                        return checkIns.post(target, body, headers);
                    }

                    @Override
                    public Stream stream(String target, Map<String, String> headers) throws IOException {
                        return streams.stream(target, headers);
                    }
                })
                .push(pushes::rootKeys)
                .policyExecutor(hostCalls)
                .pushThreads(pushTimers, task -> {
                    Thread thread = new Thread(task, "test-push-reader");
                    thread.setDaemon(true);
                    readers.add(thread);
                    return thread;
                })
                .build();
    }

    AgentConfig config(PushSettings push) throws Exception {
        return server.config(dir.resolve("agent")).withEnrollmentToken(server.enrollmentToken("stable"))
                .withPush(push);
    }

    /** Waits until the push channel moved the next check to now (its thread schedules it). */
    void checkScheduledAtOnce() throws InterruptedException {
        checkScheduledAtOnce(scheduled);
    }

    /** Waits until a task was scheduled at once on the agent's scheduler ({@code scheduled} records each delay). */
    static void checkScheduledAtOnce(BlockingQueue<Duration> scheduled) throws InterruptedException {
        while (true) {
            Duration delay = scheduled.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(delay, "the push channel asked for a check");
            if (delay.isZero()) {
                return;
            }
        }
    }

    /** Starts the agent: the first check-in enrolls, then the push channel connects and says hello. */
    SseTestServer.Connection startConnected() throws Exception {
        agent.start();
        checks.runNext();
        assertEquals(1, server.checkIns());
        scheduled.clear();
        pushTimers.runNext();
        SseTestServer.Connection connection = events.nextConnection();
        connection.hello(25);
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(2, server.checkIns(), "the hello's one check");
        return connection; // the clock has not moved: a freshly enrolled agent's counter has no floor
    }

    @Test
    void helloChecksOnceAcceptedPushesCheckOrReportAtOnceAndTheCountsGoHome() throws Exception {
        agent = agent(config(PushSettings.DEFAULTS)); // a bucket of 1 per action
        SseTestServer.Connection connection = startConnected();
        assertEquals(0, events.badSignatures());
        String clientId = agent.clientId().orElseThrow();
        assertTrue(server.facts().get(0).contains("\"push.connected\":true"), server.facts().toString());

        connection.push(pushes.checkNow(identity(), 1));
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(3, server.checkIns(), "CHECK_NOW: the scheduled check, at once");

        connection.push(pushes.text(pushes.message(clientId, 2, PushAction.REPORT_HOME, PushUrgency.URGENT),
                identity().sealing().publicKey()));
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(4, server.checkIns(), "REPORT_HOME: a heartbeat now");

        connection.push(pushes.checkNow(identity(), 2)); // a replay
        connection.push(pushes.checkNow(identity(), 3)); // over CHECK_NOW's bucket (1 at once)
        connection.push("garbage");
        connection.push(pushes.checkNow(identity(), 4)); // over the bucket too
        drained(connection);
        assertEquals(2, agent.pushStats().droppedCount());
        agent.checkNow();
        checks.runNext();
        String facts = server.facts().get(0);
        for (String expected : List.of("\"push.accepted\":2", "\"push.dropped\":2", "\"push.refused.replayed\":1",
                "\"push.refused.malformed\":1", "\"push.connections\":1")) {
            assertTrue(facts.contains(expected), expected + " in " + facts);
        }
    }

    /**
     * The host hears of each accepted CHECK_NOW (so it renews its license lease at once), never of a refused, replayed
     * or rate-limited push, nor of REPORT_HOME; a NORMAL push reaches it after the push's spread, like the check.
     */
    @Test
    void theHostIsToldOfEachAcceptedCheckNowPushAndOfNothingElse() throws Exception {
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        io.patchbay.policy.api.HostCallbacks host = new io.patchbay.policy.api.HostCallbacks() {
            @Override
            public void checkRequested() {
                told.incrementAndGet();
            }
        };
        agent = agent(config(PushSettings.DEFAULTS.withNormalSpread(Duration.ofSeconds(30))).withHost(host, null),
                Runnable::run);
        SseTestServer.Connection connection = startConnected();
        assertEquals(0, told.get(), "a hello is no request from the server");
        String clientId = agent.clientId().orElseThrow();

        connection.push(pushes.checkNow(identity(), 1));
        checkScheduledAtOnce();
        assertEquals(1, told.get(), "an accepted urgent CHECK_NOW: at once");
        checks.runNext();

        connection.push(pushes.text(pushes.message(clientId, 2, PushAction.REPORT_HOME, PushUrgency.URGENT),
                identity().sealing().publicKey()));
        checkScheduledAtOnce();
        checks.runNext();
        connection.push(pushes.checkNow(identity(), 2)); // a replay
        connection.push("garbage");
        connection.push(pushes.text(pushes.message("someone-else", 3, PushAction.CHECK_NOW, PushUrgency.URGENT),
                identity().sealing().publicKey()));
        connection.push(pushes.checkNow(identity(), 4)); // over CHECK_NOW's bucket (1 at once)
        drained(connection);
        assertEquals(1, told.get(), "refused, dropped and REPORT_HOME pushes tell the host nothing");
        assertEquals(1, agent.pushStats().droppedCount());

        clock.advance(Duration.ofHours(1)); // the bucket refills
        pushTimers.runNext();
        SseTestServer.Connection again = events.nextConnection();
        again.hello(25);
        checkScheduledAtOnce();
        checks.runNext();
        scheduled.clear();
        again.push(pushes.text(pushes.message(clientId, 5, PushAction.CHECK_NOW, PushUrgency.NORMAL),
                identity().sealing().publicKey()));
        assertEquals(Duration.ofSeconds(15), scheduled.poll(WAIT_MS, TimeUnit.MILLISECONDS), "the check's spread");
        assertEquals(1, told.get(), "a NORMAL push waits for its spread too");
        assertEquals(Duration.ofSeconds(15), pushTimers.nextDelay().orElseThrow());
        pushTimers.runNext();
        assertEquals(2, told.get());
    }

    @Test
    void aNormalPushWaitsARandomBoundedDelayButNeverPostponesAnEarlierCheck() throws Exception {
        agent = agent(config(PushSettings.DEFAULTS.withNormalSpread(Duration.ofSeconds(30))));
        SseTestServer.Connection connection = startConnected();
        assertTrue(checks.nextDelay().orElseThrow().compareTo(Duration.ofHours(5)) > 0, "the server's long interval");
        scheduled.clear();
        connection.push(pushes.text(pushes.message(agent.clientId().orElseThrow(), 1, PushAction.CHECK_NOW,
                PushUrgency.NORMAL), identity().sealing().publicKey()));
        Duration delay = scheduled.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertEquals(Duration.ofSeconds(15), delay, "half of the 30 s spread (the jitter is fixed at 0.5)");
        checks.runNext();
        assertEquals(3, server.checkIns());
    }

    /** 2,000 valid pushes over the wire within a minute: the default bucket (1 at once, 4 an hour) lets one through. */
    @Test
    void aFloodOfValidPushesCausesAtMostTheBucketsChecks() throws Exception {
        agent = agent(config(PushSettings.DEFAULTS));
        SseTestServer.Connection connection = startConnected();
        ClientIdentity me = identity();
        int flood = 2_000;
        for (int i = 1; i <= flood; i++) {
            connection.push(pushes.checkNow(me, i));
        }
        drained(connection);
        assertEquals(flood - 1, agent.pushStats().droppedCount());
        while (checks.pending() > 0 && checks.nextDelay().orElseThrow().isZero()) {
            checks.runNext();
        }
        assertEquals(3, server.checkIns(), "the hello's check plus one for the whole flood");
        assertEquals(1, agent.pushStats().acceptedCount());
    }

    @Test
    void afterTheConnectionDropsItReconnectsWithBackoffAndChecksOnce() throws Exception {
        agent = agent(config(PushSettings.DEFAULTS));
        SseTestServer.Connection connection = startConnected();
        drained(connection);
        Duration backoff = pushTimers.nextDelay().orElseThrow();
        assertTrue(backoff.compareTo(Duration.ofSeconds(1)) >= 0 && backoff.compareTo(Duration.ofSeconds(5)) <= 0,
                backoff.toString());
        scheduled.clear();
        pushTimers.runNext();
        events.nextConnection().hello(25);
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(3, server.checkIns(), "one check after the reconnect");
        assertEquals(2, agent.pushStats().connectionCount());
    }

    @Test
    void aReplayIsRefusedAlsoByTheNextAgentOnTheSameDataDirectory() throws Exception {
        agent = agent(config(PushSettings.DEFAULTS));
        SseTestServer.Connection connection = startConnected();
        String push = pushes.checkNow(identity(), 7);
        connection.push(push);
        checkScheduledAtOnce();
        agent.close();
        readers.get(0).join(WAIT_MS);

        agent = agent(server.config(dir.resolve("agent")));
        scheduled.clear();
        agent.start();
        while (checks.pending() > 0) {
            checks.runNext();
            if (pushTimers.pending() > 0) {
                break;
            }
        }
        pushTimers.runNext();
        SseTestServer.Connection again = events.nextConnection();
        again.hello(25);
        again.push(push);
        again.push(pushes.checkNow(identity(), 6));
        drained(again);
        assertEquals(1, agent.pushStats().refusedCount("replayed"));
        assertEquals(1, agent.pushStats().refusedCount("stale_counter"));
        assertEquals(0, agent.pushStats().acceptedCount());
    }

    /** Ends the stream and waits (bounded) for its reader, which handles every event sent before the end first. */
    void drained(SseTestServer.Connection connection) throws InterruptedException {
        connection.close();
        Thread reader = readers.get(readers.size() - 1);
        reader.join(WAIT_MS * 6);
        assertTrue(!reader.isAlive(), "the reader handled everything and ended");
    }
}
