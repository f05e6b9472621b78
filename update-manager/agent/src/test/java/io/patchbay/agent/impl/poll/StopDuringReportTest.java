package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceTransport;
import io.patchbay.agent.impl.device.HttpsDeviceTransport;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent is stopped (as a swap that replaces it does, from the runtime's thread) while a history record is
 * being reported: after the server accepted it, before the agent acknowledged it. The stop waits for the
 * acknowledgement, so the next agent neither loses nor repeats the report. Real threads: the agent's own
 * scheduler thread and a stopping thread.
 */
class StopDuringReportTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    FakePatchService patches = new FakePatchService();
    RecordingLog log = new RecordingLog();
    AgentServer server;
    ExecutorScheduler thread = new ExecutorScheduler();

    @BeforeEach
    void setUp() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock);
        patches.add(Outcome.COMMITTED, null);
    }

    @AfterEach
    void tearDown() {
        thread.closeAndAwait(Duration.ofSeconds(10));
        server.close();
    }

    /** Delivers each feedback to the server, then holds the answer until released. */
    static final class HeldFeedback implements DeviceTransport {
        final DeviceTransport wire;
        final CountDownLatch accepted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldFeedback(DeviceTransport wire) {
            this.wire = wire;
        }

        @Override
        public Response post(String target, byte[] body, java.util.Map<String, String> headers)
                throws java.io.IOException {
            Response response = wire.post(target, body, headers);
            if (target.endsWith(DeviceClient.FEEDBACK)) {
                accepted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted after the server accepted the report");
                }
            }
            return response;
        }
    }

    @Test
    void aStopDuringAReportWaitsForItsAcknowledgementSoTheNextAgentSendsNothingTwice() throws Exception {
        AgentConfig config = server.config(dir.resolve("agent")).withEnrollmentToken(server.enrollmentToken("stable"));
        HeldFeedback held = new HeldFeedback(new HttpsDeviceTransport(
                new io.patchbay.agent.impl.device.DeviceEndpoint(config.serverUrl(), config.serverPins()),
                config.requestTimeout()));
        PollingAgent first = PollingAgent.builder(config, patches).scheduler(thread).clock(clock).log(log)
                .transports(endpoint -> held).build();
        first.start();
        assertTrue(held.accepted.await(20, TimeUnit.SECONDS), "the report reached the server");

        Thread stopper = new Thread(() -> {
            first.close();
            thread.closeAndAwait(Duration.ofSeconds(10)); // what the bundle's stop does after the agent's
        }, "stopper");
        stopper.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (stopper.getState() != Thread.State.TIMED_WAITING) { // waiting for the report in flight
            assertTrue(System.nanoTime() < deadline, "the stop did not wait: " + stopper.getState());
            Thread.sleep(5); // polling interval of a bounded wait for another thread's state
        }
        assertEquals(0, patches.acknowledged, "not yet acknowledged: the stop must not cut it here");
        held.release.countDown();
        stopper.join(20_000);
        assertEquals(List.of(1L), patches.acknowledgements, "acknowledged once, before the stop returned");
        assertEquals(1, server.reports().size());

        // the next agent (the new revision) has nothing left to send
        ManualScheduler scheduler = new ManualScheduler(clock);
        PollingAgent next = PollingAgent.builder(config, patches).scheduler(scheduler).clock(clock).log(log).build();
        next.start();
        scheduler.runNext();
        next.close();
        assertEquals(1, server.reports().size());
        assertEquals(List.of(1L), patches.acknowledgements);
    }
}
