package io.patchbay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.e2e.testing.Await;
import io.patchbay.e2e.testing.Fleet;
import io.patchbay.e2e.testing.FleetExtension;
import io.patchbay.e2e.testing.HostProcess;
import io.patchbay.e2e.testing.Layout;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A release that updates the agent itself: the agent bundle at a higher Bundle-Version (bundles/agent-update, signed
 * by the build's key) is swapped in like any bundle; the old agent stops with its revision, the new one starts,
 * checks in with its own version and reports the swap from the runtime's history.
 */
class AgentSelfUpdateTest {

    static final String NEXT_VERSION = "0.1.1.next";
    @RegisterExtension
    final FleetExtension fleets = new FleetExtension();

    @Test
    void theAgentUpdatesItselfAndTheNewAgentReports() throws Exception {
        Fleet fleet = fleets.manage(Fleet.start("agent-update"));
        HostProcess host = fleet.startHosts(1).get(0);
        String client = host.awaitClientId(Duration.ZERO);
        String firstVersion = host.http().version("io.patchbay.agent");
        assertTrue(firstVersion.startsWith("0.1.0."), firstVersion);
        fleet.publishBaseline();
        fleet.publish("r2-agent-" + NEXT_VERSION, Layout.agentUpdate());

        fleet.deploy("r2-agent-" + NEXT_VERSION, "now");
        Await.until("the host runs agent " + NEXT_VERSION, Fleet.SWAP_ALLOWANCE.multipliedBy(2),
                () -> NEXT_VERSION.equals(host.http().version("io.patchbay.agent")), fleet::diagnostics);
        host.process().awaitOutput(Pattern.compile("update agent " + Pattern.quote(NEXT_VERSION) + " started"),
                Duration.ofSeconds(15));
        fleet.awaitLevel(List.of(client), 2); // the new agent checks in
        assertEquals(0, fleet.failedInstalls().size(), "no failed install reported");
        assertEquals(1, host.process().count(Pattern.compile("update agent " + Pattern.quote(NEXT_VERSION)
                + " started")), "one new agent, started once");
        assertEquals("Hello, Ada (v1)", host.http().greet("Ada"), "the samples are untouched");
    }
}
