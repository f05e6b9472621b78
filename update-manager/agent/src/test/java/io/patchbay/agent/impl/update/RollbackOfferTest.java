package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.impl.device.Messages.FeedbackReply;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.impl.report.SwapMarker;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.policy.api.PolicyEngine;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback offers through the deployment controller with the real pieces below it: the real TUF client over a
 * repository served on loopback, the real handler, and a real Patchbay runtime whose publisher gate refuses lower
 * bundle versions unless the patch allows downgrades. Only the check-in replies are written by hand, as a (possibly
 * compromised) server could send them.
 */
class RollbackOfferTest {
    static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));
    static final String V1 = "bundles/com.acme.tool-1.0.0.jar";
    static final String V15 = "bundles/com.acme.tool-1.5.0.jar";
    static final String V2 = "bundles/com.acme.tool-2.0.0.jar";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    RepoSimulator sim;
    Patchbay runtime;
    SwapMarker marker;
    DeploymentController controller;
    RecordingLog log = new RecordingLog();
    List<FeedbackRequest> sent = new CopyOnWriteArrayList<>();
    FeedbackSender feedback = request -> {
        sent.add(request);
        return new FeedbackReply("r-" + sent.size(), request.state(), false);
    };
    /** One permit per swap this controller submitted that ended. */
    Semaphore swapsEnded = new Semaphore(0);

    @BeforeEach
    void setUp() throws Exception {
        sim = RepoSimulator.start(dir.resolve("tuf"));
        for (String version : List.of("1.0.0", "1.5.0", "2.0.0")) {
            Path jar = TestJars.write(dir.resolve("work"), "tool-" + version + ".jar",
                    TestJars.bundle("com.acme.tool", version).entry("com/acme/tool/readme.txt", "tool " + version)
                            .signedBy(PUBLISHER));
            sim.repo().addTarget(jar, "bundles/com.acme.tool-" + version + ".jar", "targets");
        }
        sim.publish();
        sim.initClient();
        runtime = Patchbay.builder().dataDirectory(dir.resolve("runtime")).trustPublisher(PUBLISHER.certificate())
                .clock(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC))
                .healthTimeout(Duration.ofSeconds(5)).start();
        marker = new SwapMarker(dir.resolve("agent"), log, sim.clock());
        controller = new DeploymentController(runtime.patches(), new TufDeploymentHandler(sim.updater(),
                runtime.patches(), sim.clock(), Duration.ofSeconds(30)), log, Duration.ofSeconds(30),
                swapsEnded::release, marker, sim.clock());
        controller.engine(PolicyEngine.builder().clock(sim.clock()).callbacks(HostCallbacks.NONE)
                .callbackExecutor(Runnable::run).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        controller.close();
        runtime.close();
        sim.close();
    }

    static JsonNode offer(String id, String release, long level, String target, String rollback) throws Exception {
        return JSON.readTree("{\"deploymentId\":\"" + id + "\",\"releaseId\":\"" + release + "\",\"level\":" + level
                + ",\"targets\":[{\"path\":\"" + target + "\"}],\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}"
                + (rollback == null ? "" : "," + rollback) + "}");
    }

    /** Offers it, waits for the swap it submits (at most 30 s) and settles it as the next tick does. */
    void applied(JsonNode offer) throws Exception {
        controller.onCheckIn(offer, feedback);
        assertTrue(swapsEnded.tryAcquire(30, TimeUnit.SECONDS), "no swap ended; " + log.lines);
        controller.tick(feedback);
        assertTrue(controller.activeDeployment().isEmpty(), log.lines.toString());
    }

    /** rel-1 (tool 1.0.0) at level 1, then rel-2 (tool 2.0.0) at level 2, both committed. */
    void runningRel2() throws Exception {
        applied(offer("d1", "rel-1", 1, V1, null));
        applied(offer("d2", "rel-2", 2, V2, null));
        assertEquals("2.0.0", version());
        assertEquals(2, level());
        sent.clear();
    }

    String version() {
        return runtime.patchLevel().bundle("com.acme.tool").orElseThrow().version();
    }

    long level() {
        return marker.runningLevel(runtime.patches());
    }

    SwapRecord newest() {
        List<SwapRecord> history = runtime.patches().history(1);
        return history.get(history.size() - 1);
    }

    @Test
    void aRollbackToBytesThisHostCommittedIsAppliedAsADowngradeAndTheLevelGoesDown() throws Exception {
        runningRel2();
        applied(offer("back", "rel-1", 1, V1, "\"rollback\":true,\"replacesReleaseId\":\"rel-2\",\"replacesLevel\":2"));
        assertEquals("1.0.0", version(), "the publisher gate let the downgrade through");
        assertEquals(SwapResult.Outcome.COMMITTED, newest().outcome());
        assertEquals(3, runtime.patchLevel().sequence(), "the runtime counts commits");
        assertEquals(1, level(), "the host runs release level 1 again");
        assertEquals(1, marker.levelOf(newest()).orElseThrow(), "its report names level 1");

        sent.clear();
        controller.onCheckIn(offer("d2", "rel-2", 2, V2, null), feedback); // the halted group's deployment again
        controller.onCheckIn(offer("back", "rel-1", 1, V1, "\"rollback\":true,\"replacesLevel\":2"), feedback);
        assertEquals(3, runtime.patchLevel().sequence(), "neither is applied again");
        assertEquals(List.of(), sent);
    }

    @Test
    void theAgentMatchesBytesAsTheFrameworksHistoryRecordsThem() throws Exception {
        runningRel2();
        List<String> v2 = RollbackCheck.hashes(List.of(new Patch.Artifact("x",
                Files.readAllBytes(dir.resolve("work").resolve("tool-2.0.0.jar")), null)));
        List<String> v1 = RollbackCheck.hashes(List.of(new Patch.Artifact("y",
                Files.readAllBytes(dir.resolve("work").resolve("tool-1.0.0.jar")), null)));
        assertTrue(RollbackCheck.sameBytes(newest(), v2));
        assertFalse(RollbackCheck.sameBytes(newest(), v1));
        assertTrue(RollbackCheck.sameBytes(runtime.patches().history(2).get(0), v1));
    }

    @Test
    void aRollbackToBytesThisHostNeverCommittedIsRejectedAndNothingChanges() throws Exception {
        runningRel2();
        int records = runtime.patches().history(100).size();
        controller.onCheckIn(offer("forged", "rel-1b", 1, V15, "\"rollback\":true,\"replacesLevel\":2"), feedback);
        assertEquals("2.0.0", version());
        assertEquals(2, level());
        assertEquals(records, runtime.patches().history(100).size(), "nothing reached the runtime");
        FeedbackRequest rejected = sent.get(sent.size() - 1);
        assertEquals("REJECTED", rejected.state());
        assertTrue(rejected.cause().contains("rollback to a patch this host never committed"), rejected.cause());
        assertTrue(controller.activeDeployment().isEmpty());
        assertEquals(1, swapsEnded.availablePermits() + 1, "no swap was submitted");

        sent.clear();
        controller.onCheckIn(offer("forged", "rel-1b", 1, V15, "\"rollback\":true,\"replacesLevel\":2"), feedback);
        assertEquals(List.of(), sent, "refused once, reported once");
    }

    @Test
    void aRollbackThatWouldUndoMoreThanTheRunningLevelIsRejected() throws Exception {
        runningRel2();
        controller.onCheckIn(offer("deep", "rel-1", 1, V1, "\"rollback\":true,\"replacesLevel\":3"), feedback);
        assertEquals("2.0.0", version());
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("REJECTED", sent.get(0).state());
        assertTrue(sent.get(0).cause().contains("undoes level 3 but this host runs level 2"), sent.get(0).cause());
    }

    @Test
    void aLowerLevelWithoutTheRollbackMarkIsIgnoredAsBefore() throws Exception {
        runningRel2();
        controller.onCheckIn(offer("old", "rel-1", 1, V1, null), feedback);
        controller.onCheckIn(offer("old2", "rel-1", 1, V1, "\"rollback\":false,\"replacesLevel\":2"), feedback);
        assertEquals("2.0.0", version());
        assertEquals(2, runtime.patchLevel().sequence());
        assertEquals(List.of(), sent, "not downloaded, nothing reported");
        assertTrue(controller.activeDeployment().isEmpty());
    }

    @Test
    void aRollbackMarkOnAHigherLevelIsAnOrdinaryDeploymentWithoutDowngrades() throws Exception {
        runningRel2();
        // level 3 carrying the older tool 1.0.0 (bytes this host committed): honoured as a rollback, it would commit
        applied(offer("up", "rel-3", 3, V1, "\"rollback\":true,\"replacesLevel\":4"));
        assertEquals("2.0.0", version(), "an ordinary patch may not lower a bundle's version");
        assertEquals(SwapResult.Outcome.REJECTED, newest().outcome(), newest().toString());
        assertEquals(2, level());
    }
}
