package io.patchbay.agent.impl.push;

import io.patchbay.agent.api.PushSettings;
import io.patchbay.agent.api.Scheduler;
import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.crypto.api.push.PushAction;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The agent's push channel put together: the {@link PushListener} (connection, reconnects, hello checks) feeding
 * the {@link PushGate} (opener, counter in {@code DATA/push/counter}, bucket, action), with one {@link PushStats}.
 */
public final class PushChannel implements AutoCloseable {
    /** The counter's directory under the agent's data directory. */
    public static final String DIRECTORY = "push";
    private final PushListener listener;
    private final PushStats stats = new PushStats();
    private final PushCounter counter;

    /** What the channel needs from the agent: the listener's link plus the actions of an accepted push. */
    public interface Host extends PushListener.Link, PushGate.Actions {
    }

    /**
     * @param pushKeys the trusted root's push keys now (base64url); read for every push, so must not block
     * @param timers   connecting and the dead-connection watchdog
     * @param readers  the threads connections are read on
     * @param random   reconnect jitter and the NORMAL-urgency spread
     */
    public PushChannel(PushSettings settings, Path dataDirectory, Host host, Supplier<List<String>> pushKeys,
                       Scheduler timers, ThreadFactory readers, Clock clock, Random random, StatusLog log) {
        this.counter = new PushCounter(dataDirectory.resolve(DIRECTORY), clock, settings.allowedSkew(), log);
        Map<PushAction, PushBucket> buckets = new EnumMap<>(PushAction.class);
        for (PushAction action : PushAction.values()) {
            buckets.put(action, new PushBucket(settings.burst(), settings.refillTokens(), settings.refillPeriod(),
                    clock));
        }
        PushGate gate = new PushGate(host::identity, pushKeys, counter, buckets, host, stats, log, clock,
                settings.allowedSkew(), settings.normalSpread(), random);
        this.listener = new PushListener(host, gate, timers, readers, clock,
                new ReconnectBackoff(settings.reconnectMin(), settings.reconnectMax(), random), stats, log);
    }

    /** The agent enrolled a new identity: its push counter starts fresh (see {@link PushCounter#startFresh}). */
    public void enrolled() {
        counter.startFresh();
    }

    /** Connects unless already connected or connecting. */
    public void start() {
        listener.start();
    }

    public void stop() {
        listener.stop();
    }

    @Override
    public void close() {
        listener.close();
    }

    public PushStats stats() {
        return stats;
    }

    /** The counts as check-in facts. */
    public Map<String, Object> facts() {
        return stats.facts();
    }
}
