package io.patchbay.sample.host.impl.cli;

import io.patchbay.sample.host.api.HostAgent;
import io.patchbay.sample.host.api.SampleBundles;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** serve's update agent options: none given, no agent runs; any given, --agent-root is required. */
final class AgentOptions {

    @Option(names = "--agent-root", paramLabel = "FILE",
            description = "run the update agent: the signed root the update server's init wrote (names the server)")
    Path root;

    @Option(names = "--agent-token-file", paramLabel = "FILE",
            description = "a file holding a one-time enrollment token (patchbay enroll-token); read until enrolled")
    Path tokenFile;

    @Option(names = "--agent-channel", paramLabel = "C",
            description = "the channel the agent reports (default: the one its token assigned)")
    String channel;

    @Option(names = "--agent-data", paramLabel = "DIR",
            description = "the agent's keys and TUF metadata (default: the agent bundle's data area)")
    Path dataDirectory;

    @Option(names = "--agent-bundle", paramLabel = "FILE",
            description = "the signed agent bundle (default: patchbay-agent-bundle.jar in the bundles dir)")
    Path bundle;

    /** The agent to run, or empty; refuses agent options without {@code --agent-root}. */
    Optional<HostAgent> agent(SampleBundles bundles) {
        if (root == null) {
            if (tokenFile != null || channel != null || dataDirectory != null || bundle != null) {
                throw new IllegalArgumentException("the --agent-* options need --agent-root (the signed root file)");
            }
            return Optional.empty();
        }
        HostAgent agent = HostAgent.of(bundle == null ? bundles.agent() : bundle, root);
        if (tokenFile != null) {
            agent = agent.withTokenFile(tokenFile);
        }
        if (channel != null) {
            agent = agent.withChannel(channel);
        }
        if (dataDirectory != null) {
            agent = agent.withDataDirectory(dataDirectory);
        }
        return Optional.of(agent);
    }
}
