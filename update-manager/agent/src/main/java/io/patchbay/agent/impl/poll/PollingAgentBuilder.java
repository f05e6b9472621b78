package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.api.Scheduler;
import io.patchbay.agent.impl.device.DeviceEndpoint;
import io.patchbay.agent.impl.device.DeviceTransport;
import io.patchbay.agent.impl.device.HttpsDeviceTransport;
import io.patchbay.agent.impl.report.SwapMarker;
import io.patchbay.agent.impl.update.DeploymentController;
import io.patchbay.agent.impl.update.DeploymentHandler;
import io.patchbay.framework.api.PatchService;
import io.patchbay.policy.api.PolicyEngine;
import io.patchbay.tuf.api.model.TrustedLocation;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds a {@link PollingAgent}: everything but the config and the patch service has a production default. */
public final class PollingAgentBuilder {
    final AgentConfig config;
    final PatchService patches;
    Scheduler scheduler;
    Clock clock = Clock.systemUTC();
    Random jitter;
    SecureRandom secureRandom;
    StatusLog log = StatusLog.slf4j();
    Supplier<Optional<TrustedLocation>> trustedLocation = Optional::empty;
    java.util.function.LongSupplier trustRefresh;
    Function<DeviceEndpoint, DeviceTransport> transports;
    DeploymentHandler deploymentHandler;
    Duration swapTimeout = Duration.ofMinutes(5);
    Executor policyExecutor;
    Supplier<Optional<String>> enrollmentTokens;
    Supplier<java.util.List<String>> pushKeys;
    Scheduler pushTimers;
    java.util.concurrent.ThreadFactory pushReaders;
    Duration healthTimeout = Duration.ofSeconds(30);

    PollingAgentBuilder(AgentConfig config, PatchService patches) {
        this.config = Objects.requireNonNull(config, "config");
        this.patches = Objects.requireNonNull(patches, "patches");
    }

    public PollingAgentBuilder scheduler(Scheduler value) {
        this.scheduler = value;
        return this;
    }

    public PollingAgentBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** The source of poll and backoff jitter (not of keys or nonces: those use a SecureRandom). */
    public PollingAgentBuilder jitter(Random value) {
        this.jitter = value;
        return this;
    }

    public PollingAgentBuilder secureRandom(SecureRandom value) {
        this.secureRandom = value;
        return this;
    }

    public PollingAgentBuilder log(StatusLog value) {
        this.log = value;
        return this;
    }

    /** Root's signed location (e.g. {@code () -> Optional.ofNullable(tuf.trustedRoot()).flatMap(Root::location)}). */
    public PollingAgentBuilder trustedLocation(Supplier<Optional<TrustedLocation>> value) {
        this.trustedLocation = value;
        return this;
    }

    /**
     * Refreshes the signed trust metadata (the TUF root chain, timestamp, snapshot and targets) and answers the
     * trusted root's version; run before every check-in, so a root rotation (new TLS pins, a new location) reaches
     * an agent that has no deployment to download, and the server learns which root each client holds.
     */
    public PollingAgentBuilder trustRefresh(java.util.function.LongSupplier value) {
        this.trustRefresh = value;
        return this;
    }

    public PollingAgentBuilder transports(Function<DeviceEndpoint, DeviceTransport> value) {
        this.transports = value;
        return this;
    }

    /**
     * Acts on assigned deployments through {@code handler} (normally a {@code TufDeploymentHandler}), waiting
     * up to {@code swapTimeout} for an APPLY_NOW swap. Without one, the reply's deployment is ignored.
     */
    public PollingAgentBuilder deployments(DeploymentHandler handler, Duration swapTimeout) {
        this.deploymentHandler = handler;
        this.swapTimeout = swapTimeout;
        return this;
    }

    /** Where the policy engine runs host callbacks; default its own daemon threads (tests: run inline). */
    public PollingAgentBuilder policyExecutor(Executor executor) {
        this.policyExecutor = executor;
        return this;
    }

    /**
     * Where the one-time enrollment token comes from, asked again whenever the agent has no usable identity (first
     * start, token refused, client revoked); default the configuration's token. In the container: the token file,
     * read afresh each time, so an operator's new token is picked up without a restart.
     */
    public PollingAgentBuilder enrollmentTokens(Supplier<Optional<String>> source) {
        this.enrollmentTokens = source;
        return this;
    }

    /**
     * Holds the push channel (when {@code AgentConfig.push()} enables it): {@code trustedPushKeys} answers the
     * trusted root's push keys now, from memory (it is read on the channel's thread for every push).
     */
    public PollingAgentBuilder push(Supplier<java.util.List<String>> trustedPushKeys) {
        this.pushKeys = trustedPushKeys;
        return this;
    }

    /**
     * The push channel's threads: {@code timers} runs connecting and the dead-connection watchdog (default one
     * daemon thread of its own, ended by {@code close()}), {@code readers} makes each connection's reader thread.
     */
    public PollingAgentBuilder pushThreads(Scheduler timers, java.util.concurrent.ThreadFactory readers) {
        this.pushTimers = timers;
        this.pushReaders = readers;
        return this;
    }

    /**
     * The longest a check-in waits for the runtime's health run ({@code PatchService.health()}, itself bounded by
     * the runtime's health timeout); default 30 s. Longer counts as DOWN.
     */
    public PollingAgentBuilder healthTimeout(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("health timeout must be positive: " + value);
        }
        this.healthTimeout = value;
        return this;
    }

    public PollingAgent build() {
        if (secureRandom == null) {
            secureRandom = new SecureRandom();
        }
        if (jitter == null) {
            jitter = new Random(secureRandom.nextLong());
        }
        if (scheduler == null) {
            scheduler = new ExecutorScheduler();
        }
        if (transports == null) {
            transports = endpoint -> new HttpsDeviceTransport(endpoint, config.requestTimeout());
        }
        if (pushReaders == null) {
            pushReaders = task -> {
                Thread thread = new Thread(task, "patchbay-agent-push-reader");
                thread.setDaemon(true);
                return thread;
            };
        }
        return new PollingAgent(this);
    }

    /**
     * The deployment path, or null without a handler: the policy engine with the host's callbacks and commit point,
     * and the agent's swap runner ({@code checkNow} asks for the check-in a swap's end wants).
     */
    DeploymentController deploymentController(SwapMarker marker, Runnable checkNow) {
        if (deploymentHandler == null) {
            return null;
        }
        DeploymentController controller = new DeploymentController(patches, deploymentHandler, log, swapTimeout,
                checkNow, marker, clock);
        PolicyEngine.Builder engine = PolicyEngine.builder().clock(clock).callbacks(config.hostCallbacks());
        if (config.commitPoint() != null) {
            engine.commitPoint(config.commitPoint(), controller);
        }
        if (policyExecutor != null) {
            engine.callbackExecutor(policyExecutor);
        }
        controller.engine(engine.build());
        return controller;
    }
}
