package io.patchbay.policy.api;

import io.patchbay.policy.impl.EngineCore;
import io.patchbay.policy.impl.Settings;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the update agent asks, per tick, about the one update pending for this host. The agent
 * {@link #offer}s an assigned update, says when its bytes are {@link #downloaded}, calls {@link #tick()}
 * on every poll and acts on the {@link Decision}: WAIT (with the reason and when to look again),
 * DOWNLOAD_ONLY, APPLY_NOW (then {@link #swapFinished}), ASK (the user's answer is pending),
 * ENFORCE_DEADLINE (the host was told to disable features or shut down). Under AFTER_COMMIT the swap
 * happens inside the host's {@link CommitPoint#reached()} through the {@link SwapRunner} instead.
 *
 * <p>Deterministic given the clock and the host's answers; its only effects are the host callbacks (each
 * bounded, see {@link HostCallbacks}) and the swap runner. Thread-safe: every method takes one lock.
 * {@link #report()} gives the deferral count, the user's choice, the warnings sent and the history.
 */
public final class PolicyEngine implements AutoCloseable {

    private final EngineCore core;
    private final AutoCloseable commitPointHandle;
    private final ExecutorService ownExecutor;

    private PolicyEngine(Builder b) {
        ExecutorService own = null;
        Executor executor = b.executor;
        if (executor == null) {
            own = Executors.newCachedThreadPool(daemonThreads());
            executor = own;
        }
        this.ownExecutor = own;
        Settings settings = new Settings(b.callbackTimeout, b.askTimeout, b.reaskAfter, b.idleRecheck, b.pollWait,
                b.commitSwapWait);
        this.core = new EngineCore(b.clock, b.callbacks, b.swapRunner, b.commitPoint != null, settings, executor);
        this.commitPointHandle = b.commitPoint == null ? null : b.commitPoint.attach(core);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes {@code update} the pending one, replacing (and concluding) any earlier pending update.
     *
     * @throws IllegalArgumentException if its deadline is not after now: the host would be punished
     *         without ever having had a chance to update, so the agent reports the refusal instead
     * @throws IllegalStateException if a swap is running
     */
    public void offer(PendingUpdate update) {
        core.offer(Objects.requireNonNull(update, "update"));
    }

    /** The pending update's bytes are downloaded and verified; a swap may now start. */
    public void downloaded() {
        core.downloaded();
    }

    /** Drops the pending update unless its swap started; false if there was nothing to cancel. */
    public boolean cancel() {
        return core.cancel();
    }

    public Decision tick() {
        return core.tick();
    }

    /** The swap the agent started after APPLY_NOW finished; the pending update is concluded either way. */
    public void swapFinished(boolean committed, String detail) {
        core.swapFinished(committed, detail);
    }

    /** The pending update's report, or the last concluded one's. */
    public Optional<PolicyReport> report() {
        return core.report();
    }

    /** Detaches from the commit point and stops the engine's own callback threads. */
    @Override
    public void close() {
        if (commitPointHandle != null) {
            try {
                commitPointHandle.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "patchbay-policy-callback-" + n.incrementAndGet());
            t.setDaemon(true); // a host callback that never returns must not keep the JVM alive
            return t;
        };
    }

    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private HostCallbacks callbacks = HostCallbacks.NONE;
        private CommitPoint commitPoint;
        private SwapRunner swapRunner;
        private Executor executor;
        private Duration callbackTimeout = Settings.DEFAULTS.callbackTimeout();
        private Duration askTimeout = Settings.DEFAULTS.askTimeout();
        private Duration reaskAfter = Settings.DEFAULTS.reaskAfter();
        private Duration idleRecheck = Settings.DEFAULTS.idleRecheck();
        private Duration pollWait = Settings.DEFAULTS.pollWait();
        private Duration commitSwapWait = Settings.DEFAULTS.commitSwapWait();

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The host's callbacks; default {@link HostCallbacks#NONE}. */
        public Builder callbacks(HostCallbacks callbacks) {
            this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
            return this;
        }

        /** The host's commit point and what runs the swap there; needed for AFTER_COMMIT. */
        public Builder commitPoint(CommitPoint commitPoint, SwapRunner swapRunner) {
            this.commitPoint = Objects.requireNonNull(commitPoint, "commitPoint");
            this.swapRunner = Objects.requireNonNull(swapRunner, "swapRunner");
            return this;
        }

        /** Where host callbacks run; default a cached pool of daemon threads the engine owns. */
        public Builder callbackExecutor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How long a host callback may take, on the engine's clock; default 5 s. */
        public Builder callbackTimeout(Duration d) {
            this.callbackTimeout = d;
            return this;
        }

        /** How long the user may take to answer before it counts as deferred; default 10 min. */
        public Builder askTimeout(Duration d) {
            this.askTimeout = d;
            return this;
        }

        /** How long after a deferral the user is asked again; default 1 h. */
        public Builder reaskAfter(Duration d) {
            this.reaskAfter = d;
            return this;
        }

        /** When to look again after the host said it is busy; default 30 s. */
        public Builder idleRecheck(Duration d) {
            this.idleRecheck = d;
            return this;
        }

        /** Real time a tick waits for a callback before collecting its answer later; default 50 ms. */
        public Builder pollWait(Duration d) {
            this.pollWait = d;
            return this;
        }

        /** Real time a commit point waits for its swap; default 2 min. */
        public Builder commitSwapWait(Duration d) {
            this.commitSwapWait = d;
            return this;
        }

        public PolicyEngine build() {
            return new PolicyEngine(this);
        }
    }
}
