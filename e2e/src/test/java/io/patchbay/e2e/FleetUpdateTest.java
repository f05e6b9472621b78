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
 * Releases reaching a fleet of two sample hosts, each in its own JVM, through the update server, all driven by the
 * operator command line. One fleet for the class (starting one costs four JVMs), so the steps run in method order
 * and releases accumulate, as on a real fleet: a compatible patch swapped on both (level 2), an AFTER_COMMIT release
 * that waits for each host's commit point (level 3), then a patch whose health check fails, rolled back on both
 * with the cause reported (the hosts stay at level 3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class FleetUpdateTest {

    static final String GREETER = "io.patchbay.sample.greeter";
    static final String FORMATTER = "io.patchbay.sample.formatter";
    Fleet fleet;
    List<HostProcess> hosts;
    final List<String> clients = new ArrayList<>();

    /** Static: the fleet is the class's (started in @BeforeAll), killed after the last step. */
    @RegisterExtension
    static final FleetExtension FLEETS = new FleetExtension();

    @BeforeAll
    void startFleet() {
        fleet = FLEETS.manage(Fleet.start("update"));
        hosts = fleet.startHosts(2);
        for (HostProcess host : hosts) {
            clients.add(host.awaitClientId(Duration.ZERO));
        }
        fleet.publishBaseline();
    }

    @Test
    void a_aCompatiblePatchIsSwappedOnBothHostsWithinOnePollInterval() throws Exception {
        for (HostProcess host : hosts) {
            assertEquals("Hello, Ada (v1)", host.http().greet("Ada"));
        }
        assertEquals(2, fleet.publish("r2-greeter-1.1.0", Layout.sampleBundle("patchbay-sample-greeter-update")));

        fleet.deploy("r2-greeter-1.1.0", "now");
        // one check-in (at most 1.1 intervals with jitter) plus the download and the swap on a shared machine
        Duration bound = Fleet.POLL_INTERVAL.multipliedBy(11).dividedBy(10).plus(Fleet.SWAP_ALLOWANCE);
        for (HostProcess host : hosts) {
            Await.until(host.name() + " runs greeter 1.1.0", bound,
                    () -> "1.1.0".equals(host.http().version(GREETER)), fleet::diagnostics);
            assertEquals(2, host.http().patchLevel().path("sequence").asLong());
            assertEquals("Hello, Ada! Nice to see you (v2)", host.http().greet("Ada"));
        }
        fleet.awaitLevel(clients, 2);
        assertEquals(0, fleet.failedInstalls().size(), "no failed install reported");
    }

    @Test
    void b_anAfterCommitReleaseWaitsForEachHostsCommitPoint() throws Exception {
        assertEquals(3, fleet.publish("r3-formatter-1.1.0", Layout.sampleBundle("patchbay-sample-formatter-update")));
        String deployment = fleet.deploy("r3-formatter-1.1.0", "after-commit");
        // no request reaches the hosts: the update is downloaded and waits for the end of one (reported)
        Await.until("both agents report that they wait for their commit point", Duration.ofSeconds(40),
                () -> fleet.deploymentStates(deployment, clients).stream().allMatch("WAITING_FOR_POLICY"::equals),
                fleet::diagnostics);

        HostProcess first = hosts.get(0);
        HostProcess second = hosts.get(1);
        // this request is served at level 2; when it ends the host reaches its commit point and swaps
        assertEquals("Hello, Ada! Nice to see you (v2)", first.http().greet("Ada"));
        Await.until(first.name() + " swapped after its request", Fleet.SWAP_ALLOWANCE,
                () -> "1.1.0".equals(first.http().version(FORMATTER)), fleet::diagnostics);
        assertTrue(first.http().greet("ada  lovelace").contains("Ada Lovelace"), "formatter 1.1.0 formats names");
        assertEquals(2, fleet.client(clients.get(1), false).path("patchSequence").asLong(),
                "the other host had no request: still waiting at level 2");

        second.http().greet("Grace");
        Await.until(second.name() + " swapped after its request", Fleet.SWAP_ALLOWANCE,
                () -> "1.1.0".equals(second.http().version(FORMATTER)), fleet::diagnostics);
        fleet.awaitLevel(clients, 3);
    }

    @Test
    void c_aPatchWhoseHealthCheckFailsIsRolledBackOnBothWithTheCauseReported() throws Exception {
        assertEquals(4, fleet.publish("r4-greeter-1.2.0", Layout.sampleBundle("patchbay-sample-greeter-unhealthy")));
        fleet.deploy("r4-greeter-1.2.0", "now");

        JsonNode[] failed = new JsonNode[1];
        Await.until("both hosts' ROLLED_BACK reports listed by patchbay reports", Fleet.SWAP_ALLOWANCE.multipliedBy(2),
                () -> (failed[0] = fleet.failedInstalls()).size() == 2, fleet::diagnostics);
        List<String> reporting = new ArrayList<>();
        for (JsonNode install : failed[0]) {
            reporting.add(install.path("clientId").asText());
            assertEquals("ROLLED_BACK", install.path("state").asText(), install.toString());
            assertEquals(4, install.path("targetSequence").asLong(), install.toString());
            assertTrue(install.path("cause").asText().contains("greeter 1.2.0 ignores the name it greets"),
                    install.toString());
        }
        assertEquals(clients.stream().sorted().toList(), reporting.stream().sorted().toList());
        for (HostProcess host : hosts) {
            assertEquals(3, host.http().patchLevel().path("sequence").asLong(), "still the committed level");
            assertEquals("1.1.0", host.http().version(GREETER), "greeter 1.1.0 answers as before");
        }
    }
}
