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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A host killed (SIGKILL) is listed dead after the server's dead-after intervals, and catches up when restarted. */
class FleetLivenessTest {

    @RegisterExtension
    final FleetExtension fleets = new FleetExtension();

    @Test
    void aKilledHostIsListedDeadAndCatchesUpWhenRestarted() throws Exception {
        Fleet fleet = fleets.manage(Fleet.start("liveness"));
        List<HostProcess> hosts = fleet.startHosts(2);
        HostProcess survivor = hosts.get(0);
        HostProcess victim = hosts.get(1);
        String survivorId = survivor.awaitClientId(Duration.ZERO);
        String victimId = victim.awaitClientId(Duration.ZERO);
        fleet.publishBaseline();
        Await.until("both hosts checked in", Duration.ofSeconds(15), () -> fleet.client(victimId, false)
                .path("state").asText().equals("ALIVE") && fleet.client(survivorId, false).path("state").asText()
                .equals("ALIVE"), fleet::diagnostics);

        victim.kill();
        // dead after DEAD_AFTER silent intervals; the bound adds one interval of jitter and the CLI's own time
        Duration deadBound = Fleet.POLL_INTERVAL.multipliedBy(Fleet.DEAD_AFTER + 1).plus(Duration.ofSeconds(10));
        Await.until("the killed host listed by fleet --dead", deadBound,
                () -> fleet.client(victimId, true).path("state").asText().equals("DEAD"), fleet::diagnostics);
        assertTrue(fleet.client(survivorId, true).isMissingNode(), "the live host is not listed dead");
        assertEquals("ALIVE", fleet.client(survivorId, false).path("state").asText());

        // a release assigned while it is down: the survivor takes it, the dead host cannot
        fleet.publish("r2-greeter-1.1.0", Layout.sampleBundle("patchbay-sample-greeter-update"));
        fleet.deploy("r2-greeter-1.1.0", "now");
        Await.until("the survivor runs greeter 1.1.0", Fleet.SWAP_ALLOWANCE,
                () -> survivor.http().greet("Ada").contains("(v2)"), fleet::diagnostics);
        assertEquals(1, fleet.client(victimId, false).path("patchSequence").asLong());

        // restarted on its data: the same identity, and it catches up to the assigned release
        victim.launch().awaitListening();
        assertEquals(victimId, victim.awaitClientId(Duration.ZERO), "no new enrollment");
        Await.until("the restarted host runs greeter 1.1.0", Fleet.SWAP_ALLOWANCE.plus(Duration.ofSeconds(10)),
                () -> victim.http().greet("Ada").contains("(v2)"), fleet::diagnostics);
        Await.until("the restarted host is ALIVE at level 2", Duration.ofSeconds(15), () -> {
            var client = fleet.client(victimId, false);
            return client.path("state").asText().equals("ALIVE") && client.path("patchSequence").asLong() == 2;
        }, fleet::diagnostics);
        assertTrue(fleet.client(victimId, true).isMissingNode(), "no longer listed dead");
    }
}
