package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.impl.device.Messages.FeedbackReply;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.poll.PollingAgent;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment seam with the real pieces: a TUF repository built with the real tooling and served on loopback
 * (tuf-repo's RepoSimulator), the real TUF client, a real Patchbay runtime whose publisher gate trusts the test
 * publisher, and the real update server receiving the report from the swap history.
 */
class TufDeploymentHandlerTest {
    static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));
    static final String TARGET = "bundles/com.acme.tool-1.0.0.jar";

    @TempDir
    Path dir;
    RepoSimulator sim;
    Patchbay runtime;
    List<FeedbackRequest> progress = new ArrayList<>();
    FeedbackSender recording = request -> {
        progress.add(request);
        return new FeedbackReply("r-" + progress.size(), request.state(), false);
    };

    @BeforeEach
    void setUp() throws Exception {
        sim = RepoSimulator.start(dir.resolve("tuf"));
        Path jar = TestJars.write(dir.resolve("work"), "tool.jar",
                TestJars.bundle("com.acme.tool", "1.0.0")
                        .entry("com/acme/tool/readme.txt", "tool v1").signedBy(PUBLISHER));
        sim.repo().addTarget(jar, TARGET, "targets");
        sim.publish();
        sim.initClient();
        runtime = Patchbay.builder().dataDirectory(dir.resolve("runtime")).trustPublisher(PUBLISHER.certificate())
                .clock(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC))
                .healthTimeout(Duration.ofSeconds(5)).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        runtime.close();
        sim.close();
    }

    TufDeploymentHandler handler() {
        return new TufDeploymentHandler(sim.updater(), runtime.patches(), sim.clock(), Duration.ofSeconds(30));
    }

    static Deployment deployment() {
        return Deployment.now("dep-1", "rel-1", 1, List.of(TARGET));
    }

    @Test
    void verifiedTargetIsSwappedInAndTheCommitReportedFromTheHistory() throws Exception {
        DeploymentHandler.Result result = handler().handle(deployment(), recording);
        assertTrue(result.committed(), result.toString());
        assertEquals(List.of("DOWNLOADING", "APPLYING"), progress.stream().map(FeedbackRequest::state).toList());
        assertEquals(1, runtime.patchLevel().sequence());
        assertEquals("1.0.0", runtime.patchLevel().bundle("com.acme.tool").orElseThrow().version());

        // the agent, on the same runtime, reports the swap from the history to the real server
        MutableClock clock = new MutableClock(AgentServer.START);
        try (AgentServer server = new AgentServer(dir.resolve("server"), clock)) {
            ManualScheduler scheduler = new ManualScheduler(clock);
            PollingAgent agent = PollingAgent.builder(server.config(dir.resolve("agent"))
                            .withEnrollmentToken(server.enrollmentToken("stable")), runtime.patches())
                    .scheduler(scheduler).clock(clock).log(new RecordingLog()).build();
            agent.start();
            scheduler.runNext();
            List<Map<String, String>> reports = server.reports();
            assertEquals(1, reports.size(), reports.toString());
            assertEquals("COMMITTED", reports.get(0).get("state"));
            assertEquals("1", reports.get(0).get("target"));
            assertTrue(reports.get(0).get("log").contains("com.acme.tool 1.0.0"), reports.toString());
            assertTrue(runtime.patches().unacknowledged(10).isEmpty());
            assertEquals(1, server.clients().get(0).get("patchSequence").asLong());
        }
    }

    /**
     * Layered security: an attacker who holds the repository's online keys (or owns the server) publishes a bundle
     * whose content was changed after the publisher signed it. TUF accepts it (its metadata is validly signed), so
     * the last layer, the runtime's publisher gate, must refuse it, and nothing is swapped.
     */
    @Test
    void aTamperedBundleThatTufAcceptsIsRefusedByThePublisherGate() throws Exception {
        byte[] signed = TestJars.bundle("com.acme.tool", "1.0.1").entry("com/acme/tool/readme.txt", "tool v2")
                .signedBy(PUBLISHER);
        Path tampered = TestJars.write(dir.resolve("work"), "tool-tampered.jar",
                replaceEntry(signed, "com/acme/tool/readme.txt", "tool v2, and a backdoor"));
        String target = "bundles/com.acme.tool-1.0.1.jar";
        sim.repo().addTarget(tampered, target, "targets"); // signed with the online keys: TUF is satisfied
        sim.publish();

        DeploymentHandler.Result result = handler().handle(Deployment.now("dep-2", "rel-2", 1, List.of(target)),
                recording);
        assertEquals("REJECTED", result.state(), result.toString());
        assertTrue(result.cause().contains("readme.txt"), result.cause());
        assertEquals(0, runtime.patchLevel().sequence(), "nothing was swapped in");
        assertEquals(List.of("DOWNLOADING", "APPLYING"), progress.stream().map(FeedbackRequest::state).toList(),
                "TUF verified and downloaded it; only the gate refused");
    }

    /** The jar with one entry's bytes replaced, everything else (manifest digests, signature) as signed. */
    static byte[] replaceEntry(byte[] jar, String name, String content) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar));
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = entry.getName().equals(name)
                        ? content.getBytes(java.nio.charset.StandardCharsets.UTF_8) : in.readAllBytes();
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void tamperedTargetIsRefusedByTufAndNeverReachesTheRuntime() throws Exception {
        try (Stream<Path> files = Files.walk(sim.repoDir().resolve("targets"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length / 2] ^= 1;
                Files.write(file, bytes);
            }
        }
        sim.sync();
        DeploymentHandler.Result result = handler().handle(deployment(), recording);
        assertEquals("REJECTED", result.state());
        assertTrue(result.cause().contains("TUF refused release rel-1"), result.cause());
        assertEquals(0, runtime.patchLevel().sequence());
        assertTrue(runtime.patches().history(10).isEmpty(), "nothing was submitted");
        assertEquals(List.of("DOWNLOADING", "REJECTED"), progress.stream().map(FeedbackRequest::state).toList());
    }
}
