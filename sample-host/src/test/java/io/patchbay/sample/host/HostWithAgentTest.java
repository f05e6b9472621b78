package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.sample.host.api.HostAgent;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample host with the update agent embedded: the build-signed agent is in the first committed level beside the
 * samples (so the host exported everything it imports: a missing package would fail its resolution and the
 * start), and the host serves as before. The agent talking to a real server is e2e/'s subject.
 */
class HostWithAgentTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    @TempDir
    Path dir;

    @Test
    void theAgentIsAnInitialBundleAndTheHostServesAsBefore() throws Exception {
        // no root file: the agent's activator starts, logs why no agent runs, and the container carries on
        HostSettings settings = HostSettings.forSampleBundles(BUNDLES, 0, dir.resolve("data"))
                .withAgent(HostAgent.of(BUNDLES.agent(), dir.resolve("missing-root.json"))
                        .withDataDirectory(dir.resolve("agent")).withChannel("stable"));
        try (SampleHost host = SampleHost.start(settings)) {
            assertEquals(1, host.patchbay().patchLevel().sequence());
            assertTrue(host.patchbay().patchLevel().bundle("io.patchbay.agent").isPresent(),
                    host.patchbay().patchLevel().toString());
            assertTrue(new TestHttp(host.baseUri()).get("/greet?name=Ada").body().contains("Hello, Ada (v1)"));
        }
    }

    @Test
    void restartedOnTheSameDataTheCommittedAgentIsRecovered() throws Exception {
        HostSettings settings = HostSettings.forSampleBundles(BUNDLES, 0, dir.resolve("data"))
                .withAgent(HostAgent.of(BUNDLES.agent(), dir.resolve("missing-root.json")));
        try (SampleHost host = SampleHost.start(settings)) {
            assertEquals(3, host.patchbay().patchLevel().bundles().size());
        }
        try (SampleHost host = SampleHost.start(settings)) {
            assertEquals(1, host.patchbay().patchLevel().sequence(), "recovered, not installed again");
            assertEquals(3, host.patchbay().patchLevel().bundles().size());
        }
    }
}
