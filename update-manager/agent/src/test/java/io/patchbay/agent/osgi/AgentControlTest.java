package io.patchbay.agent.osgi;

import static io.patchbay.agent.osgi.AgentBundleTest.PUBLISHER;
import static io.patchbay.agent.osgi.AgentBundleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.testing.AgentBundleJar;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.policy.api.AgentControl;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host asks the in-container agent to check now, through the {@link AgentControl} service the agent registers
 * while it runs. The server's interval is an hour, so besides the start's check-in and the push channel's hello
 * check, a check-in within the test's deadline can only come from the host's call; once the runtime stops, the
 * service is gone.
 */
class AgentControlTest {
    @TempDir
    Path dir;

    @Test
    void theHostMakesTheAgentCheckNowThroughItsService() throws Exception {
        try (AgentServer server = new AgentServer(dir.resolve("server"), new MutableClock(Instant.now()),
                Duration.ofHours(1))) {
            Path agent = TestJars.write(dir.resolve("jars"), "agent.jar", AgentBundleJar.build("0.1.0.v1", PUBLISHER));
            Patchbay runtime = AgentBundleTest.agentHost(dir, server, agent);
            try {
                // the first check-in at start, then the push channel connects and its hello runs one check
                await("the first check-in and the push channel's hello check", () -> server.checkIns() == 2);
                runtime.service(AgentControl.class).proxy().checkNow();
                await("a check-in asked for by the host", () -> server.checkIns() == 3);
                runtime.service(AgentControl.class).call(control -> {
                    control.checkNow();
                    return null;
                });
                await("and another", () -> server.checkIns() == 4);
                assertTrue(runtime.service(AgentControl.class).current().isPresent());
            } finally {
                runtime.close();
            }
            assertEquals(4, server.checkIns(), "no check-in after the runtime stopped");
        }
    }
}
