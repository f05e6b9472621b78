package io.patchbay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.e2e.testing.Await;
import io.patchbay.e2e.testing.Fleet;
import io.patchbay.e2e.testing.FleetExtension;
import io.patchbay.e2e.testing.HostProcess;
import io.patchbay.e2e.testing.Layout;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publish → swap flow with nginx in front: the server was initialised with {@code --public-url} naming nginx,
 * so the signed root sends the agents' repository downloads and check-ins (and the operator's admin commands)
 * through nginx, which terminates TLS with the server's own pinned key. One host: the path, not the fleet, is new.
 */
class NginxFleetTest {

    @RegisterExtension
    final FleetExtension fleets = new FleetExtension();

    @Test
    void aPatchPublishedBehindNginxIsSwappedOnTheHost() throws Exception {
        Fleet fleet = fleets.manage(Fleet.behindNginx("nginx"));
        String root = Files.readString(fleet.trustedRoot());
        int nginxPort = fleet.nginx().orElseThrow().port();
        assertTrue(root.contains("https://127.0.0.1:" + nginxPort + "/repo/metadata/"), root);
        HostProcess host = fleet.startHosts(1).get(0);
        String client = host.awaitClientId(Duration.ZERO);
        fleet.publishBaseline();
        fleet.publish("r2-greeter-1.1.0", Layout.sampleBundle("patchbay-sample-greeter-update"));

        fleet.deploy("r2-greeter-1.1.0", "now");
        Await.until("the host runs greeter 1.1.0", Fleet.SWAP_ALLOWANCE,
                () -> host.http().greet("Ada").contains("(v2)"), fleet::diagnostics);
        fleet.awaitLevel(List.of(client), 2);
        assertEquals(0, fleet.failedInstalls().size());
    }
}
