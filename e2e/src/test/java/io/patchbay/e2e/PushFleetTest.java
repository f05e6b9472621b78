package io.patchbay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.e2e.testing.Await;
import io.patchbay.e2e.testing.Fleet;
import io.patchbay.e2e.testing.FleetExtension;
import io.patchbay.e2e.testing.HostProcess;
import io.patchbay.e2e.testing.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Push across JVMs: the server tells agents to poll only every ten minutes, so without a push nothing published
 * after start-up reaches the hosts during the test. A "report home" brings both hosts' heartbeats at once, and a
 * "check now" makes both swap a new release within seconds, each through the operator command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class PushFleetTest {

    static final Duration LONG_POLL = Duration.ofMinutes(10);
    static final String GREETER = "io.patchbay.sample.greeter";
    Fleet fleet;
    List<HostProcess> hosts;
    final List<String> clients = new ArrayList<>();

    @RegisterExtension
    static final FleetExtension FLEETS = new FleetExtension();

    @BeforeAll
    void startFleet() {
        fleet = FLEETS.manage(Fleet.start("push", LONG_POLL));
        hosts = fleet.startHosts(2);
        for (HostProcess host : hosts) {
            clients.add(host.awaitClientId(Duration.ZERO));
        }
        fleet.publishBaseline();
    }

    @Test
    void a_reportHomeToTheWholeFleetIsAnsweredByEveryHost() throws Exception {
        JsonNode push = fleet.cli().json("push", "report-home", "--all");
        long id = push.path("id").asLong();
        assertTrue(id > 0, push.toString());
        JsonNode status = fleet.cli().json("push", "status", Long.toString(id), "--wait", "30s");
        assertEquals(2, status.path("answered").asLong(), status.toString());
        assertEquals(0, status.path("unanswered").asLong(), status.toString());
    }

    @Test
    void b_checkNowMakesBothHostsSwapWithinSecondsDespiteTheLongPollInterval() throws Exception {
        assertEquals(2, fleet.publish("r2-greeter-1.1.0", Layout.sampleBundle("patchbay-sample-greeter-update")));
        fleet.deploy("r2-greeter-1.1.0", "now");
        long pushed = System.nanoTime();
        fleet.cli().json("push", "check-now", "--all", "--urgent");
        for (HostProcess host : hosts) {
            Await.until(host.name() + " runs greeter 1.1.0 after the push", Fleet.SWAP_ALLOWANCE,
                    () -> "1.1.0".equals(host.http().version(GREETER)), fleet::diagnostics);
            assertEquals("Hello, Ada! Nice to see you (v2)", host.http().greet("Ada"));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - pushed);
        assertTrue(took.compareTo(LONG_POLL) < 0, "swapped by the push, not by a poll: " + took);
        // the operator sees the new level at once by asking for it, not at the next poll
        fleet.cli().json("push", "report-home", "--all");
        fleet.awaitLevel(clients, 2);
    }
}
