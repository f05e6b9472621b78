package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.impl.poll.PollingAgent;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swap that outlives the agent that submitted it, as when a release replaces the agent bundle: the runtime stops
 * the old agent while the swap runs, and a new agent instance (same data directory) starts before or after the
 * swap's record is in the history. A real server; the swap is held open by the fake patch service.
 */
class SwapAcrossAgentRevisionsTest {
    static final Duration SWAP_TIMEOUT = Duration.ofSeconds(10);
    static final String NOW = "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}";

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    FakePatchService patches = new FakePatchService();
    AgentServer server;
    String token;
    String deployment;
    PollingAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        patches.level = new PatchLevel(0, List.of(), null);
        server = new AgentServer(dir.resolve("server"), clock);
        server.publish("rel-1", TestJars.write(dir.resolve("jars"), "tool.jar",
                TestJars.bundle("com.acme.tool", "1.0.0").entry("com/acme/tool/readme.txt", "v1").build()));
        token = server.enrollmentToken("stable");
        deployment = server.deploy("rel-1", "stable", NOW);
        patches.hold = true;
        agent = startAgent(); // enrols, checks in, hands the swap over and returns
        assertEquals(1, patches.submitted.size());
        agent.close(); // what the swap does to an agent it replaces
    }

    @AfterEach
    void tearDown() {
        agent.close();
        server.close();
    }

    PollingAgent startAgent() throws Exception {
        scheduler = new ManualScheduler(clock); // a new revision: nothing of the old one's schedule survives
        PollingAgent started = PollingAgent.builder(server.config(dir.resolve("agent")).withEnrollmentToken(token)
                                .withHost(HostCallbacks.NONE, null), patches)
                .scheduler(scheduler).clock(clock).jitter(DeploymentPolicyTest.half()).log(log)
                .policyExecutor(Runnable::run).deployments(handler(), SWAP_TIMEOUT).build();
        started.start();
        scheduler.runNext();
        return started;
    }

    /** Downloads nothing real; submits to this test's fake patch service. */
    DeploymentHandler handler() {
        return new DeploymentHandler() {
            @Override
            public Download download(Deployment d, FeedbackSender feedback) {
                return new Download(List.of(new Patch.Artifact(d.targetPaths().get(0), new byte[] {1}, null)), null,
                        null);
            }

            @Override
            public CompletionStage<SwapResult> submit(Deployment d, List<Patch.Artifact> artifacts) {
                return patches.submit(new Patch(d.releaseId(), artifacts, false, false));
            }
        };
    }

    List<String> finals() throws Exception {
        return server.reports().stream().filter(r -> !List.of("DOWNLOADING", "APPLYING").contains(r.get("state")))
                .map(r -> r.get("state") + " " + r.get("deployment")).toList();
    }

    @Test
    void aNewRevisionStartedWhileTheSwapRunsWaitsForItAndReportsItOnce() throws Exception {
        agent = startAgent(); // the swap is still running: the assignment is not applied a second time
        assertEquals(1, patches.submitted.size());
        assertEquals(List.of(), finals());
        assertEquals(Duration.ofSeconds(2), scheduler.nextDelay().orElseThrow(), "looks for the record again soon");

        patches.endHeld(Outcome.COMMITTED);
        scheduler.runNext(); // the re-check finds the record and reports it with the deployment id
        assertEquals(List.of("COMMITTED " + deployment), finals());
        for (int i = 0; i < 3; i++) {
            scheduler.runNext();
        }
        assertEquals(List.of("COMMITTED " + deployment), finals());
        assertEquals(1, patches.submitted.size());
        assertTrue(patches.unacknowledged(10).isEmpty());
    }

    @Test
    void aRevisionStartedAfterARollbackReportsItAndNeverAppliesTheDeploymentAgain() throws Exception {
        patches.endHeld(Outcome.ROLLED_BACK); // the old revision runs again: a fresh agent on the same data
        agent = startAgent();
        assertEquals(List.of("ROLLED_BACK " + deployment), finals());
        for (int i = 0; i < 3; i++) {
            scheduler.runNext();
        }
        agent.close();
        agent = startAgent(); // and across a later restart: the concluded deployment is on disk
        scheduler.runNext();
        assertEquals(1, patches.submitted.size(), "the still assigned deployment is not applied again");
        assertEquals(List.of("ROLLED_BACK " + deployment), finals());
    }

    @Test
    void aSwapTheRuntimeNeverRanIsOfferedAgainAfterTheSwapTimeout() throws Exception {
        patches.dropHeld(); // the process restarted before the swap's turn: no record will ever come
        patches.hold = false;
        agent = startAgent();
        assertEquals(1, patches.submitted.size());
        while (patches.submitted.size() == 1) {
            assertTrue(clock.instant().isBefore(AgentServer.START.plus(Duration.ofMinutes(10))), "never offered again");
            scheduler.runNext();
        }
        assertEquals(1, log.count("left no record in the history"), log.lines.toString());
        assertTrue(clock.instant().isAfter(AgentServer.START.plus(SWAP_TIMEOUT)));
        assertEquals(List.of("COMMITTED " + deployment), finals());
    }

    @Test
    void anUnreadableMarkerIsMovedAsideNotTrusted() throws Exception {
        Files.writeString(dir.resolve("agent/pending-swap.json"), "{not json");
        patches.endHeld(Outcome.COMMITTED);
        agent = startAgent();
        assertEquals(1, log.count("is unreadable"), log.lines.toString());
        try (Stream<Path> files = Files.list(dir.resolve("agent"))) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("pending-swap.json.unreadable-"))
                    .count());
        }
        // the record is still reported (from the history), only without the deployment id it cannot know now
        assertEquals(List.of("COMMITTED null"), finals());
    }
}
