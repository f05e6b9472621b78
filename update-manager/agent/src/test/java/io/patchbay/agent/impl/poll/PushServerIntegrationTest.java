package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.agent.api.PushSettings;
import io.patchbay.agent.api.Scheduler;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the real update server's push channel: the stream, the server's push key from the signed root
 * (the agent's own TUF client), an operator's push through the admin API, and a push key rotation by root.
 */
class PushServerIntegrationTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler checks = new ManualScheduler(clock);
    ManualScheduler pushTimers = new ManualScheduler(clock);
    BlockingQueue<Duration> scheduled = new LinkedBlockingQueue<>();
    RecordingLog log = new RecordingLog();
    AgentServer server;
    PollingAgent agent;

    @BeforeEach
    void server() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock, Duration.ofHours(6));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        server.close();
    }

    void checkScheduledAtOnce() throws InterruptedException {
        PushAgentTest.checkScheduledAtOnce(scheduled);
    }

    @Test
    void anOperatorsPushReachesTheAgentWhichChecksInAndARotatedPushKeyIsTakenFromRoot() throws Exception {
        TufUpdater tuf = server.tufClient(dir.resolve("tuf"));
        AtomicReference<List<String>> pushKeys = new AtomicReference<>(tuf.trustedRoot().pushKeys());
        assertEquals(1, pushKeys.get().size(), "server init lists its push key in root");
        Scheduler signalling = (task, delay) -> {
            Scheduler.Cancellable cancellable = checks.schedule(task, delay);
            scheduled.add(delay);
            return cancellable;
        };
        agent = PollingAgent.builder(server.config(dir.resolve("agent"))
                        .withEnrollmentToken(server.enrollmentToken("stable")).withPush(PushSettings.DEFAULTS
                                .withRate(5, 4, Duration.ofHours(1))), new FakePatchService())
                .scheduler(signalling).clock(clock).log(log).jitter(PollingAgentTest.half())
                .trustedLocation(() -> Optional.ofNullable(tuf.trustedRoot()).flatMap(Root::location))
                .trustRefresh(() -> {
                    tuf.refresh();
                    pushKeys.set(tuf.trustedRoot().pushKeys());
                    return tuf.trustedRoot().version();
                })
                .push(pushKeys::get)
                .pushThreads(pushTimers, task -> {
                    Thread thread = new Thread(task, "test-push-reader");
                    thread.setDaemon(true);
                    return thread;
                })
                .build();
        agent.start();
        checks.runNext();
        assertEquals(1, server.checkIns());
        scheduled.clear();
        pushTimers.runNext(); // connect to the real server's stream
        checkScheduledAtOnce(); // its hello
        checks.runNext();
        assertEquals(2, server.checkIns(), "one check per hello");

        String clientId = agent.clientId().orElseThrow();
        JsonNode push = server.push("{\"action\":\"CHECK_NOW\",\"urgency\":\"URGENT\",\"clientId\":\"" + clientId + "\"}");
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(3, server.checkIns(), "CHECK_NOW: one check-in");
        assertEquals(1, server.pushStatus(push.get("id").asLong()).get("answered").asLong());
        assertEquals(1, agent.pushStats().acceptedCount());

        List<String> before = pushKeys.get();
        server.rotatePushKey();
        agent.checkNow(); // the next check refreshes the trusted root: the new push key
        checks.runNext();
        assertNotEquals(before, pushKeys.get());
        scheduled.clear(); // checkNow's own request is spent
        JsonNode after = server.push("{\"action\":\"REPORT_HOME\",\"urgency\":\"URGENT\",\"clientId\":\"" + clientId
                + "\"}");
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(1, server.pushStatus(after.get("id").asLong()).get("answered").asLong());
        assertEquals(2, agent.pushStats().acceptedCount(), agent.pushStats().facts() + " " + log.lines);
        assertTrue(agent.pushStats().facts().keySet().stream().noneMatch(k -> k.startsWith("push.refused.")),
                agent.pushStats().facts().toString());
    }
}
