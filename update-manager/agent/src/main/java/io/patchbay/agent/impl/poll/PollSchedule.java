package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the agent's next poll and its next policy re-check run, and whether it runs at all. Apart from the agent
 * because this is the one part of it that several threads move: the host (start, stop), the push channel (a hello, a
 * CHECK_NOW), the swap's thread (the check after a swap) and the poll itself; everything else runs on the scheduler's
 * thread.
 *
 * <p>Locking: this object's monitor guards every field and every change of {@code running}; {@code running} is also
 * volatile, so the agent's tasks may test it without the lock. {@link #whileRunning} runs its action under the same
 * monitor, so a {@link #stop()} racing with the action cannot be undone by it.
 */
final class PollSchedule {
    static final Duration MIN_RECHECK = Duration.ofSeconds(1);
    private final Scheduler scheduler;
    private final Clock clock;
    private final Runnable poll;
    private final Runnable recheck;

    private volatile boolean running;
    private Scheduler.Cancellable pendingPoll;
    private Scheduler.Cancellable pendingRecheck;
    private Duration lastDelay;
    /** When the pending poll runs, or null while a poll runs (or none is pending). */
    private Instant pendingDue;
    /** The earliest check asked for while a poll ran (a push, a hello): the poll's own next delay yields to it. */
    private Instant wanted;

    /**
     * @param poll    the agent's poll, run at each scheduled check
     * @param recheck the agent's policy re-check, run at the time a tick asked for
     */
    PollSchedule(Scheduler scheduler, Clock clock, Runnable poll, Runnable recheck) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.poll = poll;
        this.recheck = recheck;
    }

    /** Runs the first poll at once, unless already running. */
    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        reschedule(Duration.ZERO);
    }

    /** Cancels the pending poll and re-check; a task already running finishes (and schedules nothing). */
    synchronized void stop() {
        running = false;
        if (pendingPoll != null) {
            pendingPoll.cancel();
            pendingPoll = null;
        }
        recheckAt(Optional.empty());
    }

    /** Stops for good from inside a poll (the pending poll is the one running). */
    synchronized void halt() {
        running = false;
        pendingPoll = null;
    }

    boolean running() {
        return running;
    }

    /** Runs {@code action} if running, under this schedule's lock, so a concurrent stop waits for it. */
    synchronized void whileRunning(Runnable action) {
        if (running) {
            action.run();
        }
    }

    /** See {@link PollingAgent#checkWithin}. */
    synchronized void checkWithin(Duration delay) {
        if (!running) {
            return;
        }
        Instant at = clock.instant().plus(delay);
        if (pendingDue == null) {
            wanted = wanted == null || at.isBefore(wanted) ? at : wanted;
        }
        if (pendingDue == null || at.isBefore(pendingDue)) {
            reschedule(delay);
        }
    }

    /** The delay chosen after the last task. */
    synchronized Optional<Duration> lastDelay() {
        return Optional.ofNullable(lastDelay);
    }

    /** Schedules the next poll after {@code delay}, or sooner when a check was asked for during the running poll. */
    synchronized void reschedule(Duration delay) {
        if (!running) {
            return;
        }
        if (pendingPoll != null) {
            pendingPoll.cancel();
        }
        Instant now = clock.instant();
        if (wanted != null && wanted.isBefore(now.plus(delay))) {
            delay = wanted.isAfter(now) ? Duration.between(now, wanted) : Duration.ZERO;
        }
        lastDelay = delay;
        pendingDue = now.plus(delay);
        pendingPoll = scheduler.schedule(poll, delay);
    }

    /**
     * A poll begins: from now on a check asked for is remembered (it outlives the poll's own rescheduling). False
     * when stopped: the poll does nothing.
     */
    synchronized boolean pollStarts() {
        if (!running) {
            return false;
        }
        pendingDue = null;
        wanted = null;
        return true;
    }

    /** Schedules a re-check at {@code at} (at least 1 s away) when that is before the next check-in. */
    synchronized void recheckAt(Optional<Instant> at) {
        if (pendingRecheck != null) {
            pendingRecheck.cancel();
            pendingRecheck = null;
        }
        if (!running || at.isEmpty()) {
            return;
        }
        Duration delay = Duration.between(clock.instant(), at.get());
        delay = delay.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : delay;
        if (lastDelay == null || delay.compareTo(lastDelay) < 0) {
            pendingRecheck = scheduler.schedule(recheck, delay);
        }
    }
}
