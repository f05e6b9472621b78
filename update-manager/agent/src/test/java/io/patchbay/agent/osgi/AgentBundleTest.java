package io.patchbay.agent.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.testing.AgentBundleJar;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.BrokenAgentActivators;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent as it ships: the bnd-built bundle, publisher-signed, installed as an initial bundle of a real Patchbay
 * runtime (policy API and SLF4J exported by the host, host callbacks registered as a host service), talking to a
 * real update server found through the signed root alone. Real time: the server asks for 1 s check-ins and the
 * test polls its assertions with a deadline.
 */
class AgentBundleTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(1, ChronoUnit.DAYS));

    @TempDir
    Path dir;
    AgentServer server;
    Patchbay runtime;

    @BeforeEach
    void setUp() throws Exception {
        // the in-container agent signs with the system clock: the server's skew window must agree
        server = new AgentServer(dir.resolve("server"), new MutableClock(Instant.now()), Duration.ofSeconds(1));
        Path agentV1 = TestJars.write(dir.resolve("jars"), "agent-1.jar", AgentBundleJar.build("0.1.0.v1", PUBLISHER));
        runtime = agentHost(dir, server, agentV1);
    }

    /** A runtime as a host sets one up for the agent: its host packages and services, its settings, the agent. */
    static Patchbay agentHost(Path dir, AgentServer server, Path agentJar) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), server.enrollmentToken("stable") + "\n");
        return Patchbay.builder().dataDirectory(dir.resolve("runtime")).trustPublisher(PUBLISHER.certificate())
                .hostPackage("io.patchbay.policy.api;version=1.2.0")
                .hostPackage("org.slf4j;version=" + org.slf4j.LoggerFactory.class.getPackage().getImplementationVersion())
                .hostService(HostCallbacks.class, HostCallbacks.NONE)
                .frameworkProperty(AgentSettings.ROOT, server.init.trustedRootFile().toString())
                .frameworkProperty(AgentSettings.TOKEN_FILE, token.toString())
                .frameworkProperty(AgentSettings.DATA, dir.resolve("agent").toString())
                .healthTimeout(Duration.ofSeconds(5))
                .initialBundles(List.of(agentJar)).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        server.close();
    }

    @Test
    void theBundledAgentEnrollsAndAppliesARelease() throws Exception {
        long agentThreadsRunning = agentThreads(); // ours included: the runtime started in setUp
        // enrolled and checked in from inside the container, with the runtime's level (the initial bundles)
        assertEquals(1, runtime.patchLevel().sequence());
        await("check-in at level 1", () -> server.clients().size() == 1
                && server.clients().get(0).get("patchSequence").asLong() == 1);
        assertTrue(server.facts().get(0).contains("\"agentVersion\":\"0.1.0.v1\""), server.facts().toString());

        // a release deployed with NOW is swapped in and reported COMMITTED (levels: a host starts at 1)
        server.publish("rel-1", TestJars.write(dir.resolve("jars"), "tool-1.jar",
                TestJars.bundle("com.acme.tool", "1.0.0").entry("com/acme/tool/readme.txt", "v1").signedBy(PUBLISHER)));
        server.publish("rel-2", TestJars.write(dir.resolve("jars"), "tool-2.jar",
                TestJars.bundle("com.acme.tool", "1.1.0").entry("com/acme/tool/readme.txt", "v2").signedBy(PUBLISHER)));
        server.deploy("rel-2", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
        await("rel-2 committed and reported", () -> committed().contains("2"));
        assertEquals("1.1.0", runtime.patchLevel().bundle("com.acme.tool").orElseThrow().version());

        runtime.close();
        runtime = null;
        await("no agent thread after the runtime stopped", () -> agentThreads() == agentThreadsRunning - 1);
    }

    @Test
    void aReleaseCarryingANewAgentReplacesItLiveAndTheNewAgentReportsTheSwap() throws Exception {
        long agentThreadsRunning = agentThreads();
        String deployment = deployAgent(AgentBundleJar.build("0.2.0.v2", PUBLISHER));

        // the old agent submitted the swap and was stopped by it; the new one reports the result from the history
        await("the new agent checks in and reports the commit", () -> facts().contains("\"agentVersion\":\"0.2.0.v2\"")
                && finals().size() == 1);
        assertEquals(List.of("COMMITTED 2 " + deployment), finals());
        assertEquals("0.2.0.v2", runtime.patchLevel().bundle("io.patchbay.agent").orElseThrow().version());
        assertEquals(2, runtime.patchLevel().sequence());
        assertEquals(agentThreadsRunning, agentThreads(), "the old agent's thread ended, the new agent's runs");

        // exactly once: two more check-ins later there is still one report, one swap, nothing unacknowledged
        awaitCheckIns(2);
        assertEquals(List.of("COMMITTED 2 " + deployment), finals());
        assertEquals(1, runtime.patches().history(10).size(), runtime.patches().history(10).toString());
        assertTrue(runtime.patches().unacknowledged(10).isEmpty());
        assertEquals(2, server.clients().get(0).get("patchSequence").asLong());
    }

    @ParameterizedTest
    @ValueSource(classes = {BrokenAgentActivators.Failing.class, BrokenAgentActivators.Unhealthy.class})
    void aNewAgentThatFailsIsRolledBackAndTheOldAgentReportsIt(Class<?> activator) throws Exception {
        long agentThreadsRunning = agentThreads();
        String deployment = deployAgent(AgentBundleJar.build("0.2.0.v2", PUBLISHER, activator));

        await("the old agent runs again and reports the rollback", () -> finals().size() == 1);
        assertEquals(List.of("ROLLED_BACK 2 " + deployment), finals());
        String cause = server.reports().stream().filter(r -> r.get("state").equals("ROLLED_BACK")).findFirst()
                .orElseThrow().get("cause");
        assertTrue(cause.contains(activator == BrokenAgentActivators.Failing.class ? "Activator start error" : "is sick"),
                cause);
        assertEquals("0.1.0.v1", runtime.patchLevel().bundle("io.patchbay.agent").orElseThrow().version());
        assertEquals(1, runtime.patchLevel().sequence());

        // the old agent (a fresh start of the old revision) does not apply the failed deployment again
        awaitCheckIns(2);
        assertEquals(List.of("ROLLED_BACK 2 " + deployment), finals());
        assertEquals(1, runtime.patches().history(10).size(), runtime.patches().history(10).toString());
        assertTrue(facts().contains("\"agentVersion\":\"0.1.0.v1\""), facts());
        assertEquals(agentThreadsRunning, agentThreads(), "exactly one agent runs: the old one");
    }

    /** Publishes a release at level 2 carrying {@code agentJar} and deploys it NOW; returns the deployment id. */
    String deployAgent(byte[] agentJar) throws Exception {
        await("check-in at level 1", () -> server.clients().size() == 1
                && server.clients().get(0).get("patchSequence").asLong() == 1);
        server.publish("rel-1", TestJars.write(dir.resolve("jars"), "tool-1.jar",
                TestJars.bundle("com.acme.tool", "1.0.0").entry("com/acme/tool/readme.txt", "v1").signedBy(PUBLISHER)));
        assertEquals(2, server.publish("agent-2", TestJars.write(dir.resolve("jars"), "agent-2.jar", agentJar)));
        return server.deploy("agent-2", "stable", "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}");
    }

    /** Final install reports as "STATE target deployment". */
    List<String> finals() throws Exception {
        return server.reports().stream()
                .filter(r -> !List.of("DOWNLOADING", "APPLYING", "WAITING_FOR_POLICY").contains(r.get("state")))
                .map(r -> r.get("state") + " " + r.get("target") + " " + r.get("deployment")).toList();
    }

    String facts() throws Exception {
        return server.facts().get(0);
    }

    /**
     * Waits until the client checked in {@code count} more times: the server's clock is moved to now (it stands
     * still otherwise) and its last-seen time must change.
     */
    void awaitCheckIns(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            server.clock.set(Instant.now());
            String seen = server.clients().get(0).get("lastSeen").asText();
            await("another check-in", () -> !server.clients().get(0).get("lastSeen").asText().equals(seen));
        }
    }

    List<String> committed() throws Exception {
        return server.reports().stream().filter(r -> r.get("state").equals("COMMITTED")).map(r -> r.get("target"))
                .toList();
    }

    static long agentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("patchbay-agent")).count();
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.onSpinWait();
            Thread.sleep(50); // polling interval of the bounded wait, not a fixed wait for an outcome
        }
    }

}
