package io.patchbay.agent.testing;

import io.patchbay.agent.api.Scheduler;
import io.patchbay.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A scheduler driven by the test: tasks run only in {@link #runNext()}, which moves the clock to their time. */
public final class ManualScheduler implements Scheduler {
    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long order;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    private final class Task implements Cancellable {
        final Instant due;
        final long seq = order++;
        final Runnable body;
        final Duration delay;

        Task(Runnable body, Duration delay) {
            this.body = body;
            this.delay = delay;
            this.due = clock.instant().plus(delay);
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(task, delay);
        tasks.add(t);
        return t;
    }

    /** Runs the earliest task (moving the clock to its time); returns the delay it had been scheduled with. */
    public Duration runNext() {
        Task next;
        synchronized (this) {
            next = tasks.stream().min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq))
                    .orElseThrow(() -> new AssertionError("nothing scheduled"));
            tasks.remove(next);
        }
        if (next.due.isAfter(clock.instant())) {
            clock.set(next.due);
        }
        next.body.run();
        return next.delay;
    }

    /** The delay the earliest pending task was scheduled with. */
    public synchronized Optional<Duration> nextDelay() {
        return tasks.stream().min(Comparator.comparing((Task t) -> t.due)).map(t -> t.delay);
    }

    public synchronized int pending() {
        return tasks.size();
    }
}
