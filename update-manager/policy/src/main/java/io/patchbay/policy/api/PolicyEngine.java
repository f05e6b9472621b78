package io.patchbay.policy.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.osgi.annotation.versioning.ProviderType;

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
 *
 * <p>Built with {@link #builder()}; the implementation comes from {@link PolicyEngineFactory}.
 */
@ProviderType
public interface PolicyEngine extends AutoCloseable {

    /**
     * Starts building an engine.
     *
     * @return a builder with the defaults given on its setters
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Makes {@code update} the pending one, replacing (and concluding) any earlier pending update.
     *
     * @param update the update the server assigned
     * @throws IllegalArgumentException if its deadline is not after now: the host would be punished
     *         without ever having had a chance to update, so the agent reports the refusal instead
     * @throws IllegalStateException if a swap is running
     */
    void offer(PendingUpdate update);

    /** The pending update's bytes are downloaded and verified; a swap may now start. */
    void downloaded();

    /**
     * Drops the pending update unless its swap started.
     *
     * @return false if there was nothing to cancel or its swap is running
     */
    boolean cancel();

    /**
     * Decides what to do now from the download state, the maintenance windows, the policy, the action and the
     * deadline, asking host callbacks where needed. A callback that has not answered within the poll wait is collected on a later
     * tick, so a tick never blocks for long.
     *
     * @return what the agent should do
     */
    Decision tick();

    /**
     * The swap the agent started after APPLY_NOW finished; the pending update is concluded either way.
     *
     * @param committed whether the new level was committed
     * @param detail    what happened, for the report
     */
    void swapFinished(boolean committed, String detail);

    /**
     * The policy's story so far, for the agent's feedback to the server.
     *
     * @return the pending update's report, or the last concluded one's; empty before the first offer
     */
    Optional<PolicyReport> report();

    /** Detaches from the commit point and stops the engine's own callback threads. */
    @Override
    void close();

    /** Collects {@link EngineSettings}; not thread-safe. */
    final class Builder {
        private Clock clock = Clock.systemUTC();
        private HostCallbacks callbacks = HostCallbacks.NONE;
        private CommitPoint commitPoint;
        private SwapRunner swapRunner;
        private Executor executor;
        private Duration callbackTimeout = EngineSettings.DEFAULT_CALLBACK_TIMEOUT;
        private Duration askTimeout = EngineSettings.DEFAULT_ASK_TIMEOUT;
        private Duration reaskAfter = EngineSettings.DEFAULT_REASK_AFTER;
        private Duration idleRecheck = EngineSettings.DEFAULT_IDLE_RECHECK;
        private Duration pollWait = EngineSettings.DEFAULT_POLL_WAIT;
        private Duration commitSwapWait = EngineSettings.DEFAULT_COMMIT_SWAP_WAIT;

        private Builder() {
        }

        /**
         * Default: the system clock (UTC).
         *
         * @param clock the engine's time source
         * @return this builder
         * @throws NullPointerException when {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The host's callbacks; default {@link HostCallbacks#NONE}.
         *
         * @param callbacks what the engine may ask the host
         * @return this builder
         * @throws NullPointerException when {@code callbacks} is null
         */
        public Builder callbacks(HostCallbacks callbacks) {
            this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
            return this;
        }

        /**
         * The host's commit point and what runs the swap there; needed for AFTER_COMMIT.
         *
         * @param commitPoint the host's commit point
         * @param swapRunner  what runs the swap on the host's thread
         * @return this builder
         * @throws NullPointerException when either is null
         */
        public Builder commitPoint(CommitPoint commitPoint, SwapRunner swapRunner) {
            this.commitPoint = Objects.requireNonNull(commitPoint, "commitPoint");
            this.swapRunner = Objects.requireNonNull(swapRunner, "swapRunner");
            return this;
        }

        /**
         * Where host callbacks run; default a cached pool of daemon threads the engine owns. An executor given
         * here is not shut down by {@link PolicyEngine#close()}.
         *
         * @param executor where callbacks run
         * @return this builder
         * @throws NullPointerException when {@code executor} is null
         */
        public Builder callbackExecutor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * How long a host callback may take, on the engine's clock; default 5 s.
         *
         * @param d positive, at most 7 days
         * @return this builder
         */
        public Builder callbackTimeout(Duration d) {
            this.callbackTimeout = d;
            return this;
        }

        /**
         * How long the user may take to answer before it counts as deferred; default 10 min.
         *
         * @param d positive, at most 7 days
         * @return this builder
         */
        public Builder askTimeout(Duration d) {
            this.askTimeout = d;
            return this;
        }

        /**
         * How long after a deferral the user is asked again; default 1 h.
         *
         * @param d positive, at most 7 days
         * @return this builder
         */
        public Builder reaskAfter(Duration d) {
            this.reaskAfter = d;
            return this;
        }

        /**
         * When to look again after the host said it is busy; default 30 s.
         *
         * @param d positive, at most 7 days
         * @return this builder
         */
        public Builder idleRecheck(Duration d) {
            this.idleRecheck = d;
            return this;
        }

        /**
         * Real time a tick waits for a callback before collecting its answer later; default 50 ms.
         *
         * @param d 0 to 5 s
         * @return this builder
         */
        public Builder pollWait(Duration d) {
            this.pollWait = d;
            return this;
        }

        /**
         * Real time a commit point waits for its swap; default 2 min.
         *
         * @param d positive, at most 7 days
         * @return this builder
         */
        public Builder commitSwapWait(Duration d) {
            this.commitSwapWait = d;
            return this;
        }

        /**
         * Creates the engine through {@link PolicyEngineFactory}; with a commit point, it attaches to it.
         *
         * @return the engine
         * @throws IllegalArgumentException if a bound is out of range (see {@link EngineSettings})
         */
        public PolicyEngine build() {
            return PolicyEngineFactory.get().create(new EngineSettings(clock, callbacks, commitPoint, swapRunner,
                    executor, callbackTimeout, askTimeout, reaskAfter, idleRecheck, pollWait, commitSwapWait));
        }
    }
}
