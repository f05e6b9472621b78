package io.patchbay.agent.osgi;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.impl.poll.ExecutorScheduler;
import io.patchbay.agent.impl.poll.PollingAgent;
import io.patchbay.agent.impl.update.TufDeploymentHandler;
import io.patchbay.policy.api.AgentControl;
import io.patchbay.framework.api.PatchService;
import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.client.TufClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** One started agent bound to one {@link PatchService}: its TUF client, scheduler thread and policy engine. */
final class RunningAgent implements AgentControl, AutoCloseable {
    static final Duration SWAP_TIMEOUT = Duration.ofMinutes(5);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final PollingAgent agent;
    private final ExecutorScheduler scheduler;

    private RunningAgent(PollingAgent agent, ExecutorScheduler scheduler) {
        this.agent = agent;
        this.scheduler = scheduler;
    }

    @Override
    public Optional<String> clientId() {
        return agent.clientId();
    }

    /**
     * Builds and starts an agent. {@code facts} are reported at check-in (the agent's bundle version among them).
     * A null {@code callbacks} means {@link HostCallbacks#NONE}; a null {@code commitPoint}: AFTER_COMMIT waits.
     */
    static RunningAgent start(AgentSettings settings, PatchService patches, HostCallbacks callbacks,
                              CommitPoint commitPoint, Map<String, Object> facts) {
        TufUpdater tuf = tufClient(settings);
        Root root = tuf.trustedRoot();
        if (root.location().isEmpty()) {
            throw new IllegalStateException("the signed root " + settings.root() + " names no server location "
                    + "(x-patchbay-location with TLS pins): the agent cannot find its server");
        }
        AgentConfig config = AgentConfig.of(settings.dataDirectory().resolve("agent"), null, List.of())
                .withChannel(settings.channel().orElse(null))
                .withFacts(facts)
                .withHost(callbacks, commitPoint)
                .withKeyRotation(settings.keyRotation().orElse(null))
                .withPush(settings.push());
        // the push keys as of the last trust refresh: read for every push on the channel's thread, never blocking
        // on the TUF client (which a download holds for minutes)
        AtomicReference<List<String>> pushKeys = new AtomicReference<>(root.pushKeys());
        ExecutorScheduler scheduler = new ExecutorScheduler();
        PollingAgent agent = PollingAgent.builder(config, patches)
                .scheduler(scheduler)
                .enrollmentTokens(settings::enrollmentToken)
                .trustedLocation(() -> Optional.ofNullable(tuf.trustedRoot()).flatMap(Root::location))
                .trustRefresh(() -> {
                    tuf.refresh(); // a root rotation (new pins, a new location, push keys) arrives with the next check
                    Root trusted = tuf.trustedRoot();
                    pushKeys.set(trusted.pushKeys());
                    return trusted.version();
                })
                .push(pushKeys::get)
                .deployments(new TufDeploymentHandler(tuf, patches, Clock.systemUTC(), SWAP_TIMEOUT), SWAP_TIMEOUT)
                .build();
        RunningAgent running = new RunningAgent(agent, scheduler);
        agent.start();
        return running;
    }

    private static TufUpdater tufClient(AgentSettings settings) {
        try {
            byte[] root = Files.readAllBytes(settings.root());
            return TufClient.builder().metadataDir(settings.dataDirectory().resolve("tuf/metadata"))
                    .targetDir(settings.dataDirectory().resolve("tuf/targets"))
                    .bootstrapRoot(root).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signed root " + settings.root(), e);
        }
    }

    @Override
    public void checkNow() {
        agent.checkNow();
    }

    @Override
    public void reportNow() {
        agent.reportNow();
    }

    /**
     * Stops polling (waiting for a report in flight), detaches from the commit point and ends the scheduler thread,
     * interrupting a check or download still running. No check waits for a swap (not even one that replaces this
     * very agent): the swap's end is settled from the history by whichever agent runs then. Returns whether the
     * thread ended within {@link #STOP_TIMEOUT}.
     */
    boolean stop() {
        agent.close();
        return scheduler.closeAndAwait(STOP_TIMEOUT);
    }

    @Override
    public void close() {
        stop();
    }
}
