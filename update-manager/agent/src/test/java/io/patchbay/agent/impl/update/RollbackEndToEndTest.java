package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.agent.impl.poll.PollingAgent;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.Patchbay;
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
 * A halted rollout rolled back, end to end: the real server (releases, a channel deployment, a staged rollout that
 * halts, the rollback through the admin API), two real agents on real runtimes. Host A commits rel-1 then rel-2;
 * host B's runtime trusts another publisher, so its rel-2 install is REJECTED and halts the rollout. The rollback
 * takes A back to rel-1: the downgrade passes the publisher gate because the patch allows it, and A reports level 1.
 */
class RollbackEndToEndTest {
    static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.parse("2029-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));
    static final TestPki.Identity OTHER = TestPki.selfSigned("CN=Someone Else",
            Instant.parse("2029-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    AgentServer server;
    Host a;
    Host b;

    /** One host: its runtime, agent and hand-driven scheduler. */
    final class Host implements AutoCloseable {
        final Patchbay runtime;
        final ManualScheduler scheduler = new ManualScheduler(clock);
        final RecordingLog log = new RecordingLog();
        final PollingAgent agent;

        Host(String name, TestPki.Identity trusted) throws Exception {
            runtime = Patchbay.builder().dataDirectory(dir.resolve(name + "-runtime"))
                    .trustPublisher(trusted.certificate())
                    .clock(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC))
                    .healthTimeout(Duration.ofSeconds(5)).start();
            TufDeploymentHandler handler = new TufDeploymentHandler(server.tufClient(dir.resolve(name + "-tuf")),
                    runtime.patches(), clock, Duration.ofSeconds(30));
            agent = PollingAgent.builder(server.config(dir.resolve(name + "-agent"))
                                    .withEnrollmentToken(server.enrollmentToken("stable"))
                                    .withHost(HostCallbacks.NONE, null), runtime.patches())
                    .scheduler(scheduler).clock(clock).jitter(DeploymentPolicyTest.half()).log(log)
                    .policyExecutor(Runnable::run).deployments(handler, Duration.ofSeconds(30)).build();
        }

        /** One poll that hands a swap to the runtime; waits for it to end, then the poll that reports it. */
        void swaps() throws Exception {
            int records = runtime.patches().history(100).size();
            scheduler.runNext();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (runtime.patches().history(100).size() == records
                    || scheduler.nextDelay().orElseThrow().compareTo(Duration.ZERO) > 0) {
                assertTrue(System.nanoTime() < deadline, "no swap ended within 20 s: " + log.lines);
                Thread.sleep(20); // polling interval of a bounded wait for the runtime's thread
            }
            scheduler.runNext(); // the check-in the swap's end asked for: the result from the history
        }

        String tool() {
            return runtime.patchLevel().bundle("com.acme.tool").map(x -> x.version()).orElse("none");
        }

        @Override
        public void close() {
            agent.close();
            runtime.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock);
        for (String version : List.of("1.0.0", "2.0.0")) {
            Path jar = TestJars.write(dir.resolve("jars"), "tool-" + version + ".jar", TestJars
                    .bundle("com.acme.tool", version).entry("com/acme/tool/readme.txt", "tool " + version)
                    .signedBy(PUBLISHER));
            server.publish("rel-" + version.charAt(0), jar);
        }
        a = new Host("a", PUBLISHER);
        b = new Host("b", OTHER);
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
        server.close();
    }

    String clientId(int index) throws Exception {
        return server.clients().get(index).get("clientId").asText();
    }

    long serverLevel(String clientId) throws Exception {
        for (JsonNode client : server.clients()) {
            if (client.get("clientId").asText().equals(clientId)) {
                return client.get("patchSequence").asLong();
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    @Test
    void aHaltedRolloutsCommittedHostGoesBackToThePreviousRelease() throws Exception {
        server.deploy("rel-1", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
        a.agent.start();
        a.swaps();
        assertEquals("1.0.0", a.tool());
        String idA = clientId(0);
        b.agent.start();
        b.swaps(); // rel-1 refused by b's publisher gate: b runs its initial bundles
        assertEquals("none", b.tool());
        String idB = server.clients().findValues("clientId").stream().map(JsonNode::asText)
                .filter(id -> !id.equals(idA)).findFirst().orElseThrow();

        clock.advance(Duration.ofMinutes(1));
        String rollout = server.admin("POST", "/admin/v1/rollouts", "{\"releaseId\":\"rel-2\",\"channel\":\"stable\","
                + "\"groups\":[{\"clientIds\":[\"" + idA + "\",\"" + idB + "\"]}],\"errorThreshold\":{\"count\":1},"
                + "\"soakSeconds\":600}", 201).get("id").asText();
        a.swaps();
        assertEquals("2.0.0", a.tool());
        b.swaps(); // REJECTED: the rollout halts
        String status = "/admin/v1/rollouts/status?id=" + rollout;
        assertEquals("HALTED", server.admin("GET", status, null, 200).get("state").asText());

        JsonNode done = server.admin("POST", "/admin/v1/rollouts/rollback", "{\"id\":\"" + rollout + "\"}", 200);
        JsonNode moved = done.get("rollbackDeployments");
        assertEquals(1, moved.size(), done.toString());
        assertEquals("rel-1", moved.get(0).get("releaseId").asText());
        assertEquals(1, moved.get(0).get("clientIds").size(), "b's install failed: the framework rolled it back");
        assertEquals(idA, moved.get(0).get("clientIds").get(0).asText());
        String back = moved.get(0).get("deploymentId").asText();

        a.swaps();
        assertEquals("1.0.0", a.tool(), "the host runs rel-1's bundles again");
        assertEquals(3, a.runtime.patchLevel().sequence(), "a third commit for the runtime");
        Map<String, String> report = server.reports().stream().filter(r -> r.get("deployment").equals(back))
                .filter(r -> r.get("state").equals("COMMITTED")).findFirst().orElseThrow();
        assertEquals("1", report.get("target"), "committed at rel-1's level");
        assertEquals(1, serverLevel(idA), "the check-in says level 1");

        a.scheduler.runNext();
        a.scheduler.runNext();
        assertEquals(3, a.runtime.patches().history(100).size(), "rel-2 is not applied again");
        assertEquals("1.0.0", a.tool());
        assertEquals(0, b.runtime.patchLevel().sequence(), "b never committed rel-2: nothing to roll back");
    }
}
