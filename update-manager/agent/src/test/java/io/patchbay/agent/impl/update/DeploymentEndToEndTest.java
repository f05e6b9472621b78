package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.impl.poll.PollingAgent;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with the real pieces: a release published through the real server's admin API (upload + seal)
 * and deployed to the agent's channel; the real TUF client, bootstrapped with the root init wrote, refreshing from
 * the server's pinned /repo; a real Patchbay runtime trusting the test publisher swapping it in; the final result
 * reported from the swap history to the same server.
 */
class DeploymentEndToEndTest {
    static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.parse("2029-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    CommitPoint commitPoint = new CommitPoint();
    AgentServer server;
    Patchbay runtime;
    PollingAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock);
        Path jar = TestJars.write(dir.resolve("jars"), "tool.jar", TestJars.bundle("com.acme.tool", "1.0.0")
                .entry("com/acme/tool/readme.txt", "tool v1").signedBy(PUBLISHER));
        assertEquals(1, server.publish("rel-1", jar));
        runtime = Patchbay.builder().dataDirectory(dir.resolve("runtime")).trustPublisher(PUBLISHER.certificate())
                .clock(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC))
                .healthTimeout(Duration.ofSeconds(5)).start();
        TufDeploymentHandler handler = new TufDeploymentHandler(server.tufClient(dir.resolve("tuf")), runtime.patches(),
                clock, Duration.ofSeconds(30));
        agent = PollingAgent.builder(server.config(dir.resolve("agent"))
                                .withEnrollmentToken(server.enrollmentToken("stable"))
                                .withHost(HostCallbacks.NONE, commitPoint), runtime.patches())
                .scheduler(scheduler).clock(clock).jitter(DeploymentPolicyTest.half()).log(log)
                .policyExecutor(Runnable::run).deployments(handler, Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        agent.close();
        runtime.close();
        server.close();
    }

    List<String> states() throws Exception {
        return server.reports().stream().map(r -> r.get("state")).sorted().toList();
    }

    @Test
    void nowIsAppliedWithinOnePollAndTheCommitReported() throws Exception {
        String deployment = server.deploy("rel-1", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
        agent.start();
        scheduler.runNext(); // one poll: enrol, check in, download through TUF, hand the swap to the runtime
        // the agent does not wait for the swap (it may replace the agent itself): the runtime's thread runs it
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runtime.patchLevel().sequence() < 1 || scheduler.nextDelay().orElseThrow().compareTo(Duration.ZERO) > 0) {
            assertTrue(System.nanoTime() < deadline, "the swap did not end and ask for a check-in within 20 s");
            Thread.sleep(20); // polling interval of a bounded wait for the runtime's thread
        }
        assertEquals("1.0.0", runtime.patchLevel().bundle("com.acme.tool").orElseThrow().version());
        assertEquals(List.of("APPLYING", "DOWNLOADING"), states());
        scheduler.runNext(); // the check-in the swap's end asked for: the result from the history
        assertEquals(List.of("APPLYING", "COMMITTED", "DOWNLOADING"), states());
        Map<String, String> committed = server.reports().stream().filter(r -> r.get("state").equals("COMMITTED"))
                .findFirst().orElseThrow();
        assertEquals("1", committed.get("target"));
        assertEquals(deployment, committed.get("deployment"), "the history's record names the deployment it served");
        assertTrue(runtime.patches().unacknowledged(10).isEmpty());

        scheduler.runNext(); // the next check-in: nothing more to do
        assertEquals(1, runtime.patches().history(10).size());
        assertEquals(1, server.clients().get(0).get("patchSequence").asLong());
    }

    @Test
    void afterCommitSwapsOnlyAtTheHostsCommitPoint() throws Exception {
        server.deploy("rel-1", "stable", "\"actionType\":\"SOFT\",\"policy\":{\"name\":\"AFTER_COMMIT\"}");
        agent.start();
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(0, runtime.patchLevel().sequence(), "downloaded, waiting for the commit point");
        assertEquals(1, log.count("waiting for the host's commit point"), log.lines.toString());

        assertEquals(CommitPoint.Outcome.SWAPPED, commitPoint.reached()); // on this (the host's) thread
        assertEquals(1, runtime.patchLevel().sequence());
        assertEquals(Duration.ZERO, scheduler.nextDelay().orElseThrow(), "the swap asks for a check-in at once");
        scheduler.runNext();
        assertEquals(List.of("COMMITTED", "DOWNLOADING", "WAITING_FOR_POLICY"), states());
        assertEquals(CommitPoint.Outcome.NOTHING_PENDING, commitPoint.reached());
    }
}
