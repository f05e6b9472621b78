package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.api.AgentState;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a real update server over HTTPS on 127.0.0.1, time driven by hand. */
class PollingAgentTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    AgentServer server;
    FakePatchService patches = new FakePatchService();
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();

    @BeforeEach
    void server() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Jitter fixed at the middle of its range, so delays are predictable. */
    static Random half() {
        return new Random() {
            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
    }

    PollingAgent agent(AgentConfig config) {
        return PollingAgent.builder(config, patches).scheduler(scheduler).clock(clock).jitter(half()).log(log).build();
    }

    AgentConfig enrollable() throws Exception {
        return server.config(dir.resolve("agent")).withEnrollmentToken(server.enrollmentToken("stable"))
                .withFacts(Map.of("os", "linux", "cpus", 4));
    }

    @Test
    void enrollsOnceThenReusesItsKeysAcrossRestarts() throws Exception {
        PollingAgent first = agent(enrollable());
        first.start();
        assertEquals(Duration.ZERO, scheduler.runNext());
        assertEquals(AgentState.REACHABLE, first.state());
        String clientId = first.clientId().orElseThrow();
        Path identity = dir.resolve("agent/identity");
        byte[] signingKey = Files.readAllBytes(identity.resolve("signing.key"));
        for (String key : List.of("signing.key", "sealing.key")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(identity.resolve(key)), key + " must be owner-only");
        }
        first.stop();

        // a restart: no token needed (and the spent one is not sent again), same keys, same client
        PollingAgent second = agent(server.config(dir.resolve("agent")));
        second.start();
        scheduler.runNext();
        assertEquals(AgentState.REACHABLE, second.state());
        assertEquals(clientId, second.clientId().orElseThrow());
        assertTrue(java.util.Arrays.equals(signingKey, Files.readAllBytes(identity.resolve("signing.key"))));
        assertEquals(1, log.count("enrolled as client"));
        assertEquals(1, server.clients().size());
    }

    /**
     * Every check refreshes the trust metadata first and reports the root it then trusts, so a root rotation (new
     * TLS pins) reaches idle agents and the server can tell who holds it; a failing refresh does not stop the
     * check-in (the last trusted metadata stays in force) and is logged once until it changes.
     */
    @Test
    void everyCheckRefreshesTrustFirstAndReportsTheRootVersion() throws Exception {
        java.util.concurrent.atomic.AtomicLong root = new java.util.concurrent.atomic.AtomicLong(1);
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
        PollingAgent agent = PollingAgent.builder(enrollable(), patches).scheduler(scheduler).clock(clock)
                .jitter(half()).log(log).trustRefresh(() -> {
                    refreshes.incrementAndGet();
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    return root.get();
                }).build();
        agent.start();
        scheduler.runNext();
        assertEquals(1, refreshes.get());
        assertTrue(server.facts().get(0).contains("\"rootVersion\":1"), server.facts().toString());
        root.set(2);
        scheduler.runNext();
        assertTrue(server.facts().get(0).contains("\"rootVersion\":2"), server.facts().toString());

        failure.set(new IllegalStateException("metadata server unreachable"));
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(4, refreshes.get());
        assertEquals(AgentState.REACHABLE, agent.state(), "the check-ins went on");
        assertEquals(1, log.count("refreshing the trust metadata failed"), "one line for a lasting failure");
        assertTrue(!server.facts().get(0).contains("rootVersion"), "no version claimed after a failed refresh");
        failure.set(null);
        scheduler.runNext();
        assertEquals(1, log.count("trust metadata refreshed again"));
        agent.stop();
    }

    @Test
    void checkInsAreSignedAcceptedAndFollowTheSleepHint() throws Exception {
        PollingAgent agent = agent(enrollable());
        agent.start();
        scheduler.runNext();
        // the server's hint is 5 min; jitter 0.5 puts the next check-in at exactly the hint (±10 % range)
        assertEquals(Duration.ofMinutes(5), scheduler.nextDelay().orElseThrow());
        patches.level = new io.patchbay.framework.api.PatchLevel(4, patches.level.bundles(), clock.instant());
        scheduler.runNext();
        JsonNode client = server.clients().get(0);
        assertEquals(agent.clientId().orElseThrow(), client.get("clientId").asText());
        assertEquals(4, client.get("patchSequence").asLong());
        assertEquals("ALIVE", client.get("state").asText());
        agent.checkNow();
        assertEquals(Duration.ZERO, scheduler.nextDelay().orElseThrow());
        assertEquals(1, scheduler.pending(), "checkNow replaces the pending check, never adds one");
    }

    @Test
    void serverDownBacksOffWithJitterUpToTheCapAndLogsOncePerStateChange() throws Exception {
        AgentConfig config = enrollable().withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60));
        PollingAgent agent = agent(config);
        agent.start();
        scheduler.runNext();
        server.stop();
        long[] expected = {3750, 7500, 15000, 30000, 45000, 45000}; // ceiling 5,10,20,40,60,60 s; 3/4 of it at 0.5
        for (long millis : expected) {
            scheduler.runNext();
            assertEquals(AgentState.UNREACHABLE, agent.state());
            assertEquals(Duration.ofMillis(millis), scheduler.nextDelay().orElseThrow());
        }
        assertEquals(1, log.count("unreachable"), log.lines.toString());
        server.restart();
        scheduler.runNext();
        assertEquals(AgentState.REACHABLE, agent.state());
        assertEquals(1, log.count("reachable again after 6 failed attempts"), log.lines.toString());
        assertEquals(Duration.ofMinutes(5), scheduler.nextDelay().orElseThrow(), "backoff reset once reachable");
    }

    @Test
    void historyIsReportedAndAcknowledgedExactlyOnceIncludingCrashed() throws Exception {
        patches.add(Outcome.COMMITTED, null);
        patches.add(Outcome.CRASHED, null);
        patches.add(Outcome.ROLLED_BACK, "health check greeter failed: not ready");
        PollingAgent agent = agent(enrollable());
        agent.start();
        scheduler.runNext();
        assertEquals(List.of(1L, 2L, 3L), patches.acknowledgements);
        List<Map<String, String>> reports = server.reports();
        assertEquals(3, reports.size());
        assertEquals(Set.of("COMMITTED", "CRASHED", "ROLLED_BACK"),
                Set.copyOf(reports.stream().map(r -> r.get("state")).toList()));
        Map<String, String> crashed = reports.stream().filter(r -> r.get("state").equals("CRASHED")).findFirst().orElseThrow();
        assertTrue(crashed.get("log").contains("the process died during this swap"), crashed.toString());
        Map<String, String> rolledBack = reports.stream().filter(r -> r.get("state").equals("ROLLED_BACK")).findFirst()
                .orElseThrow();
        assertEquals("health check greeter failed: not ready", rolledBack.get("cause"));
        assertTrue(rolledBack.get("timings").contains("VERIFY"), rolledBack.toString());

        scheduler.runNext();
        agent.reportNow();
        scheduler.runNext();
        assertEquals(3, server.reports().size(), "nothing is sent twice");
        patches.add(Outcome.REJECTED, "not signed by a trusted publisher");
        agent.reportNow();
        scheduler.runNext();
        assertEquals(4, server.reports().size());
        assertEquals(List.of(1L, 2L, 3L, 4L), patches.acknowledgements);
    }

    @Test
    void unacceptedReportsAreKeptForTheNextCheck() throws Exception {
        PollingAgent agent = agent(enrollable());
        agent.start();
        scheduler.runNext();
        server.stop();
        patches.add(Outcome.COMMITTED, null);
        agent.reportNow();
        scheduler.runNext();
        assertTrue(patches.acknowledgements.isEmpty(), "not acknowledged without a 202");
        server.restart();
        agent.checkNow();
        scheduler.runNext();
        assertEquals(List.of(1L), patches.acknowledgements);
        assertEquals(1, server.reports().size());
    }

    @Test
    void revokedClientRetiresItsKeysAndEnrollsAgainOnlyWithAFreshToken() throws Exception {
        AtomicReference<String> tokenFile = new AtomicReference<>(server.enrollmentToken("stable"));
        PollingAgent agent = PollingAgent.builder(server.config(dir.resolve("agent")), patches).scheduler(scheduler)
                .clock(clock).jitter(half()).log(log).enrollmentTokens(() -> Optional.ofNullable(tokenFile.get()))
                .build();
        agent.start();
        scheduler.runNext();
        String revoked = agent.clientId().orElseThrow();
        byte[] revokedKey = Files.readAllBytes(dir.resolve("agent/identity/signing.key"));
        server.revoke(revoked);
        scheduler.runNext();
        assertEquals(AgentState.REVOKED, agent.state());
        assertEquals(1, log.count("was revoked"), log.lines.toString());
        assertTrue(agent.clientId().isEmpty(), "the revoked identity is retired");
        assertTrue(Files.list(dir.resolve("agent")).anyMatch(p -> p.getFileName().toString().startsWith("identity.revoked-")));

        // the spent token is not sent again: the agent only reads its token source, every backoff cap
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ofMinutes(15), scheduler.nextDelay().orElseThrow(), "no tight loop");
            scheduler.runNext();
            assertEquals(AgentState.REVOKED, agent.state());
        }
        agent.checkNow(); // on demand too: nothing is sent for a spent token
        scheduler.runNext();
        assertEquals(1, server.clients().size());
        assertEquals(1, log.count("already used"), log.lines.toString());

        tokenFile.set(server.enrollmentToken("stable")); // the operator writes a fresh token
        scheduler.runNext();
        assertEquals(AgentState.REACHABLE, agent.state());
        assertFalse(agent.clientId().orElseThrow().equals(revoked));
        assertEquals(2, server.clients().size());
        assertFalse(java.util.Arrays.equals(revokedKey, Files.readAllBytes(dir.resolve("agent/identity/signing.key"))),
                "a new client enrolls with new keys");
    }

    @Test
    void usedOrMissingTokenWaitsForAFreshOneWithoutSpinning() throws Exception {
        PollingAgent none = agent(server.config(dir.resolve("a")));
        none.start();
        scheduler.runNext();
        assertEquals(AgentState.NEEDS_ENROLLMENT, none.state());
        assertEquals(Duration.ofMinutes(15), scheduler.nextDelay().orElseThrow());
        scheduler.runNext();
        assertEquals(1, log.count("no enrollment token"), log.lines.toString());
        none.stop();

        PollingAgent bogus = agent(server.config(dir.resolve("b")).withEnrollmentToken("pbenr_" + "x".repeat(40)));
        bogus.start();
        scheduler.runNext();
        assertEquals(AgentState.NEEDS_ENROLLMENT, bogus.state());
        assertEquals(Duration.ofMinutes(15), scheduler.nextDelay().orElseThrow());
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(1, log.count("enrollment refused"), "the refused token is never sent again: " + log.lines);
        assertEquals(0, log.count("already used"), "one line for one state change: " + log.lines);
    }
}
