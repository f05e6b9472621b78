package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.impl.poll.PollingAgent;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each policy through the whole agent: a real update server (release published and deployed through its admin API,
 * the assignment arriving in real check-in replies, reports stored), the real policy engine with host callbacks
 * run inline, a hand-driven scheduler and clock. The bytes path is a fake handler over {@link FakePatchService}
 * (the real TUF + runtime path is {@link DeploymentEndToEndTest}).
 */
class DeploymentPolicyTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    FakePatchService patches = new FakePatchService();
    FakeHandler handler = new FakeHandler();
    Host host = new Host();
    AgentServer server;
    PollingAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        patches.level = new PatchLevel(0, List.of(), null);
        server = new AgentServer(dir.resolve("server"), clock);
        Path jar = TestJars.write(dir.resolve("jars"), "tool.jar", TestJars.bundle("com.acme.tool", "1.0.0")
                .entry("com/acme/tool/readme.txt", "tool v1").build());
        assertEquals(1, server.publish("rel-1", jar));
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        server.close();
    }

    void startAgent() throws Exception {
        agent = PollingAgent.builder(server.config(dir.resolve("agent"))
                                .withEnrollmentToken(server.enrollmentToken("stable")).withHost(host, null), patches)
                .scheduler(scheduler).clock(clock).jitter(half()).log(log).policyExecutor(Runnable::run)
                .deployments(handler, Duration.ofSeconds(10)).build();
        agent.start();
        scheduler.runNext(); // enrol + first check-in
    }

    List<String> reportStates() throws Exception {
        return server.reports().stream().map(r -> r.get("state")).toList();
    }

    @Test
    void downloadOnlyDownloadsOnceAndNeverApplies() throws Exception {
        server.deploy("rel-1", "stable", "\"actionType\":\"DOWNLOAD_ONLY\",\"policy\":{\"name\":\"NOW\"}");
        startAgent();
        for (int i = 0; i < 3; i++) {
            scheduler.runNext();
        }
        assertEquals(List.of("rel-1"), handler.downloads);
        assertTrue(patches.submitted.isEmpty());
        assertEquals(List.of("DOWNLOADING", "WAITING_FOR_POLICY"), reportStates().stream().sorted().toList());
        assertEquals(1, log.count("fetched and verified, never applied"), log.lines.toString());
    }

    @Test
    void whenIdleWaitsForAnIdleHostThenAppliesAtTheShortRecheck() throws Exception {
        server.deploy("rel-1", "stable", "\"actionType\":\"SOFT\",\"policy\":{\"name\":\"WHEN_IDLE\"}");
        startAgent();
        assertTrue(patches.submitted.isEmpty());
        assertEquals(Duration.ofSeconds(30), scheduler.nextDelay().orElseThrow(), "the engine's idle re-check");
        scheduler.runNext();
        assertTrue(patches.submitted.isEmpty(), "still busy");
        host.idle.set(true);
        scheduler.runNext();
        assertEquals(1, patches.submitted.size());
        assertEquals("rel-1", patches.submitted.get(0).label());
        // stored in one clock instant, so their order in the table is not theirs: compare sorted
        assertEquals(List.of("APPLYING", "COMMITTED", "DOWNLOADING", "WAITING_FOR_POLICY"),
                reportStates().stream().sorted().toList());
        scheduler.runNext(); // the next check-in: level 1 runs, nothing more to do
        assertEquals(1, patches.submitted.size());
    }

    @Test
    void closedMaintenanceWindowWaitsUntilItOpens() throws Exception {
        server.deploy("rel-1", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"},"
                + "\"maintenanceWindow\":{\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"],"
                + "\"start\":\"00:12\",\"durationMinutes\":30,\"zone\":\"UTC\"}");
        startAgent();
        assertEquals(List.of("rel-1"), handler.downloads, "downloads happen outside the window");
        while (clock.instant().isBefore(Instant.parse("2030-01-01T00:12:00Z"))) {
            assertTrue(patches.submitted.isEmpty(), "applied at " + clock.instant());
            scheduler.runNext();
        }
        assertEquals(1, patches.submitted.size());
        assertEquals(Instant.parse("2030-01-01T00:12:00Z"), clock.instant(), "at the opening: the engine's re-check");
    }

    @Test
    void passedDeadlineDisablesTheHostsFeatures() throws Exception {
        server.deploy("rel-1", "stable", "\"actionType\":\"SOFT\",\"policy\":{\"name\":\"DEADLINE\","
                + "\"deadline\":\"2030-01-01T00:20:00Z\",\"deadlineAction\":\"DISABLE_FEATURES\",\"features\":[\"export\"]}");
        startAgent();
        assertTrue(host.disabled.isEmpty());
        while (clock.instant().isBefore(Instant.parse("2030-01-01T00:20:00Z"))) {
            scheduler.runNext();
        }
        assertEquals(List.of(Set.of("export")), host.disabled);
        assertEquals(1, log.count("ENFORCE_DEADLINE"), log.lines.toString());
        assertTrue(reportStates().contains("WAITING_FOR_POLICY"));
    }

    @Test
    void cancelledBeforeApplyIsDroppedAndNeverApplied() throws Exception {
        String id = server.deploy("rel-1", "stable", "\"actionType\":\"SOFT\",\"policy\":{\"name\":\"WHEN_IDLE\"}");
        startAgent();
        server.cancel(id);
        while (scheduler.nextDelay().orElseThrow().compareTo(Duration.ofMinutes(1)) < 0) {
            scheduler.runNext(); // idle re-checks until the next check-in
        }
        scheduler.runNext(); // check-in: the deployment is gone
        assertEquals(1, log.count("dropped before it was applied: cancelled on the server"), log.lines.toString());
        host.idle.set(true);
        scheduler.runNext();
        scheduler.runNext();
        assertTrue(patches.submitted.isEmpty());
    }

    @Test
    void crashedReleaseIsReportedOnceAndNeverRetried() throws Exception {
        patches.add(SwapResult.Outcome.CRASHED, "the process died during the swap", "rel-1");
        server.deploy("rel-1", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
        startAgent();
        scheduler.runNext();
        scheduler.runNext();
        assertTrue(handler.downloads.isEmpty());
        assertTrue(patches.submitted.isEmpty());
        List<String> states = reportStates();
        assertEquals(List.of("CRASHED", "REJECTED"), states.stream().sorted().toList(), states.toString());
        assertEquals(1, log.count("crashed this host"));
        assertTrue(server.reports().stream().anyMatch(r -> r.get("cause").contains("never applied automatically")));
    }

    @Test
    void aSwapTheRuntimeDoesNotRunIsReportedRejectedOnceAndNotRetried() throws Exception {
        patches.notRunning = "the runtime is stopped";
        server.deploy("rel-1", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
        startAgent();
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(1, patches.submitted.size());
        assertEquals(List.of("APPLYING", "DOWNLOADING", "REJECTED"), reportStates().stream().sorted().toList());
        assertTrue(server.reports().stream().anyMatch(r -> r.get("cause").contains("the runtime is stopped")));
    }

    @Test
    void aSlowSwapThisAgentStillWaitsForIsNeverTakenForLost() throws Exception {
        patches.hold = true;
        server.deploy("rel-1", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
        startAgent();
        assertEquals(1, patches.submitted.size());
        while (clock.instant().isBefore(AgentServer.START.plus(Duration.ofSeconds(30)))) {
            scheduler.runNext(); // three swap timeouts (10 s) pass while the swap is queued or running
        }
        assertEquals(0, log.count("left no record"), log.lines.toString());
        assertEquals(1, patches.submitted.size());
        patches.endHeld(SwapResult.Outcome.COMMITTED);
        assertEquals(Duration.ZERO, scheduler.nextDelay().orElseThrow(), "the swap's end asks for a check-in");
        scheduler.runNext();
        assertEquals(List.of("APPLYING", "COMMITTED", "DOWNLOADING"), reportStates().stream().sorted().toList());
    }

    /** Idle when told; records feature disabling. */
    static final class Host implements HostCallbacks {
        final AtomicBoolean idle = new AtomicBoolean();
        final List<Set<String>> disabled = new CopyOnWriteArrayList<>();

        @Override
        public boolean isIdle() {
            return idle.get();
        }

        @Override
        public void disableFeatures(Set<String> features, String reason) {
            disabled.add(features);
        }
    }

    /** Downloads nothing real (records the call); submits to the fake patch service. */
    final class FakeHandler implements DeploymentHandler {
        final List<String> downloads = new CopyOnWriteArrayList<>();

        @Override
        public Download download(Deployment deployment, FeedbackSender feedback) {
            TufDeploymentHandler.progress(feedback, deployment, "DOWNLOADING");
            downloads.add(deployment.releaseId());
            return new Download(List.of(new Patch.Artifact(deployment.targetPaths().get(0), new byte[] {1}, null)),
                    null, null);
        }

        @Override
        public CompletionStage<SwapResult> submit(Deployment deployment, List<Patch.Artifact> artifacts) {
            return patches.submit(new Patch(deployment.releaseId(), artifacts, false, false));
        }
    }

    static Random half() {
        return new Random() {
            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
    }

}
