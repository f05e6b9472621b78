package io.patchbay.sample.host.impl.runtime;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayBuilder;
import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.sample.host.api.HostAgent;
import io.patchbay.sample.host.api.HostSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Embeds Patchbay the way any host would: data directory, publisher trust, the shared API package. */
public final class PatchbayLauncher {

    /** The feature API lives on the host's class path; bundles import it from the system bundle. */
    public static final String FEATURE_API_EXPORT = "io.patchbay.sample.feature.api;version=1.1.0";
    /** The agent imports the host's policy API (HostCallbacks, CommitPoint), so both share one class. */
    static final String POLICY_API_EXPORT = "io.patchbay.policy.api;version=1.2.0";

    /** The framework properties the agent bundle reads (its AgentSettings). */
    static final String AGENT_ROOT = "patchbay.agent.root";
    static final String AGENT_TOKEN_FILE = "patchbay.agent.tokenFile";
    static final String AGENT_CHANNEL = "patchbay.agent.channel";
    static final String AGENT_DATA = "patchbay.agent.data";

    private PatchbayLauncher() {
    }

    /** Starts the container; with an agent in the settings, {@code activity} is what it may ask the host. */
    public static Patchbay launch(HostSettings settings, HostActivity activity) {
        return launch(settings, activity, null);
    }

    /** As {@link #launch(HostSettings, HostActivity)}, with {@code license} (if not null) feeding the license gate. */
    static Patchbay launch(HostSettings settings, HostActivity activity, HostLicense license) {
        PatchbayBuilder builder = Patchbay.builder()
                .dataDirectory(settings.dataDirectory())
                .trustPublishers(settings.trustStore(), settings.trustPassword())
                .hostPackage(FEATURE_API_EXPORT)
                .clock(settings.clock());
        List<Path> initial = new ArrayList<>(settings.initialBundles());
        if (settings.agent().isPresent() || license != null) {
            // The agent and the license gate both log through the host's SLF4J.
            builder.hostPackage("org.slf4j;version=" + slf4jVersion());
        }
        settings.agent().ifPresent(agent -> {
            embedAgent(builder, agent, activity);
            initial.add(agent.bundle());
        });
        if (license != null) {
            license.embed(builder);
        }
        Patchbay patchbay = builder.initialBundles(initial).start();
        patchbay.addListener(new SwapEventLogger());
        return patchbay;
    }

    /**
     * What the agent bundle needs from its host: the policy API exported into the container (SLF4J too, above), the
     * host's callbacks and commit point as services, and its configuration as framework properties. The agent bundle is
     * an initial bundle, so it is in the first committed level and is updated like any other bundle afterwards.
     */
    private static void embedAgent(PatchbayBuilder builder, HostAgent agent, HostActivity activity) {
        builder.hostPackage(POLICY_API_EXPORT)
                .hostService(HostCallbacks.class, activity)
                .hostService(CommitPoint.class, activity.commitPoint())
                .frameworkProperty(AGENT_ROOT, agent.root().toAbsolutePath().toString());
        agent.tokenFile().ifPresent(file -> builder.frameworkProperty(AGENT_TOKEN_FILE, file.toAbsolutePath().toString()));
        agent.channel().ifPresent(channel -> builder.frameworkProperty(AGENT_CHANNEL, channel));
        agent.dataDirectory().ifPresent(dir -> builder.frameworkProperty(AGENT_DATA, dir.toAbsolutePath().toString()));
    }

    /** The SLF4J API on the host's class path, exported under its own version (the agent imports [1.7,3)). */
    static String slf4jVersion() {
        String version = LoggerFactory.class.getPackage().getImplementationVersion();
        if (version == null) {
            throw new IllegalStateException("the SLF4J API on the class path carries no Implementation-Version;"
                    + " cannot export it to the agent bundle");
        }
        return version;
    }
}
