package io.patchbay.policy.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Everything a {@link PolicyEngine} is built from, as {@link PolicyEngine.Builder} collected it and a
 * {@link PolicyEngineFactory} receives it. {@code callbackTimeout}, {@code askTimeout}, {@code reaskAfter} and
 * {@code idleRecheck} are measured on the engine's clock; {@code pollWait} (how long a tick waits for a callback
 * before collecting its answer on a later tick) and {@code commitSwapWait} (how long a commit point waits for its
 * swap) are real time, since they bound a thread that is actually waiting.
 *
 * @param clock          the engine's time source
 * @param callbacks      the host's callbacks
 * @param commitPoint    the host's commit point, or null (then AFTER_COMMIT waits); with {@code swapRunner}
 * @param swapRunner     what runs the swap at the commit point, or null; with {@code commitPoint}
 * @param executor       where host callbacks run, or null for threads the engine owns
 * @param callbackTimeout how long a host callback may take
 * @param askTimeout     how long the user may take to answer before it counts as deferred
 * @param reaskAfter     how long after a deferral the user is asked again
 * @param idleRecheck    when to look again after the host said it is busy
 * @param pollWait       real time a tick waits for a callback, 0 to 5 s
 * @param commitSwapWait real time a commit point waits for its swap
 */
public record EngineSettings(Clock clock, HostCallbacks callbacks, CommitPoint commitPoint, SwapRunner swapRunner,
                             Executor executor, Duration callbackTimeout, Duration askTimeout, Duration reaskAfter,
                             Duration idleRecheck, Duration pollWait, Duration commitSwapWait) {

    static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_REASK_AFTER = Duration.ofHours(1);
    static final Duration DEFAULT_IDLE_RECHECK = Duration.ofSeconds(30);
    static final Duration DEFAULT_POLL_WAIT = Duration.ofMillis(50);
    static final Duration DEFAULT_COMMIT_SWAP_WAIT = Duration.ofMinutes(2);
    private static final Duration MAX = Duration.ofDays(7);

    /**
     * Checks the settings; the durations on the engine's clock are positive and at most 7 days.
     *
     * @param clock           the engine's time source
     * @param callbacks       the host's callbacks
     * @param commitPoint     the host's commit point, or null
     * @param swapRunner      what runs the swap at the commit point, or null
     * @param executor        where host callbacks run, or null
     * @param callbackTimeout how long a host callback may take
     * @param askTimeout      how long the user may take to answer
     * @param reaskAfter      how long after a deferral the user is asked again
     * @param idleRecheck     when to look again after the host said it is busy
     * @param pollWait        real time a tick waits for a callback
     * @param commitSwapWait  real time a commit point waits for its swap
     * @throws NullPointerException     when the clock, the callbacks or a duration is null
     * @throws IllegalArgumentException when only one of commit point and swap runner is given, or a duration is out
     *                                  of range
     */
    public EngineSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(callbacks, "callbacks");
        if ((commitPoint == null) != (swapRunner == null)) {
            throw new IllegalArgumentException("a commit point needs a swap runner, and a swap runner a commit point");
        }
        positive("callbackTimeout", callbackTimeout);
        positive("askTimeout", askTimeout);
        positive("reaskAfter", reaskAfter);
        positive("idleRecheck", idleRecheck);
        positive("commitSwapWait", commitSwapWait);
        Objects.requireNonNull(pollWait, "pollWait");
        if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("pollWait must be between 0 and 5 s, not " + pollWait);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + MAX + ", not " + d);
        }
    }
}
