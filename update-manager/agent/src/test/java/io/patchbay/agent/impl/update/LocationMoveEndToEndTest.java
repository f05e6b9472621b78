package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.agent.impl.poll.PollingAgent;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.server.testing.TcpRelay;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving the server with the real pieces: root names an old address (a relay standing for a DNS name); the
 * operator stages a move to a new address; the agent takes the new root from the old address at its next check
 * and from then on checks in, downloads and reports at the new one, also once the old address is gone.
 */
class LocationMoveEndToEndTest {
    static final String LOCATION = "/admin/v1/server/location";

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    TcpRelay oldAddress;
    TcpRelay newAddress;
    AgentServer server;
    Patchbay runtime;
    PollingAgent agent;
    TufUpdater tuf;

    @BeforeEach
    void setUp() throws Exception {
        oldAddress = new TcpRelay(0);
        newAddress = new TcpRelay(0);
        server = new AgentServer(dir.resolve("server"), clock, Duration.ofMinutes(5), url(oldAddress));
        oldAddress.retarget(server.port());
        newAddress.retarget(server.port());
        server.publish("rel-1", TestJars.write(dir.resolve("jars"), "tool.jar",
                TestJars.bundle("com.acme.tool", "1.0.0")
                        .entry("com/acme/tool/readme.txt", "tool v1").signedBy(DeploymentEndToEndTest.PUBLISHER)));
        runtime = Patchbay.builder().dataDirectory(dir.resolve("runtime"))
                .trustPublisher(DeploymentEndToEndTest.PUBLISHER.certificate())
                .clock(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC))
                .healthTimeout(Duration.ofSeconds(5)).start();
        tuf = server.tufClient(dir.resolve("tuf"));
        agent = PollingAgent.builder(server.config(dir.resolve("agent"))
                                .withEnrollmentToken(server.enrollmentToken("stable"))
                                .withHost(HostCallbacks.NONE, new CommitPoint()), runtime.patches())
                .scheduler(scheduler).clock(clock).jitter(DeploymentPolicyTest.half()).log(log)
                .policyExecutor(Runnable::run)
                .trustedLocation(() -> Optional.ofNullable(tuf.trustedRoot()).flatMap(Root::location))
                .trustRefresh(() -> {
                    tuf.refresh();
                    return tuf.trustedRoot().version();
                })
                .deployments(new TufDeploymentHandler(tuf, runtime.patches(), clock, Duration.ofSeconds(30)),
                        Duration.ofSeconds(30))
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        agent.close();
        runtime.close();
        server.close();
        oldAddress.close();
        newAddress.close();
    }

    static URI url(TcpRelay relay) {
        return URI.create("https://127.0.0.1:" + relay.port());
    }

    @Test
    void theAgentFollowsTheMoveAndUpdatesThroughTheNewAddressOnceTheOldIsGone() throws Exception {
        agent.start();
        scheduler.runNext(); // enrols and checks in at the old address, the only one root v1 names
        assertEquals(1, server.checkIns());
        assertEquals(oldAddress.port(), tuf.trustedRoot().location().orElseThrow().metadataUrl().getPort());

        clock.advance(Duration.ofMinutes(1));
        JsonNode staged = server.adminCall("POST", LOCATION + "/stage", "{\"publicUrl\":\"" + url(newAddress) + "\"}", 200);
        assertEquals(1, staged.get("pendingClients").asLong(), "the agent still holds root v1");

        clock.advance(Duration.ofMinutes(1));
        agent.checkNow();
        scheduler.runNext(); // refreshes trust at the old address (root v2), reports rootVersion 2
        assertEquals(2, tuf.trustedRoot().version());
        assertEquals(newAddress.port(), tuf.trustedRoot().location().orElseThrow().metadataUrl().getPort());
        assertEquals(2, server.checkIns());
        JsonNode settled = server.adminCall("POST", LOCATION + "/finish", "{}", 200);
        assertEquals("SETTLED", settled.get("phase").asText());

        oldAddress.close(); // retired
        server.deploy("rel-1", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
        agent.checkNow();
        scheduler.runNext(); // check-in, TUF refresh and download, all at the new address
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runtime.patchLevel().sequence() < 1 || scheduler.nextDelay().orElseThrow().compareTo(Duration.ZERO) > 0) {
            assertTrue(System.nanoTime() < deadline, "the swap did not end within 20 s: " + log.lines);
            Thread.sleep(20); // polling interval of a bounded wait for the runtime's thread
        }
        scheduler.runNext(); // the result from the history, reported at the new address
        assertEquals(List.of("APPLYING", "COMMITTED", "DOWNLOADING"),
                server.reports().stream().map(r -> r.get("state")).sorted().toList());
        assertEquals(4, server.checkIns());
        assertEquals("1.0.0", runtime.patchLevel().bundle("com.acme.tool").orElseThrow().version());
    }
}
