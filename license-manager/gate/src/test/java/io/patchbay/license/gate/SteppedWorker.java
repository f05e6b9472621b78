package io.patchbay.license.gate;

import io.patchbay.license.gate.impl.Gate;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gate's worker as a test sees it: one thread, as the gate's own, that can be held before its next task until a
 * latch opens, and that says when it has run every task submitted so far. Waits are bounded, so a broken test fails instead of hanging.
 */
final class SteppedWorker extends ThreadPoolExecutor {
    private final Duration bound;
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicReference<CaughtUp> caughtUp = new AtomicReference<>();

    private record CaughtUp(long tasks, CountDownLatch latch) {
    }

    SteppedWorker(Duration bound) {
        super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), Gate::thread);
        this.bound = bound;
    }

    /** Tasks not yet begun wait until {@code open} opens. */
    void holdTasksUntil(CountDownLatch open) {
        gate.set(open);
    }

    /** Opens once every task submitted before this call has run (at once if they all have). */
    CountDownLatch caughtUp() {
        CaughtUp wanted = new CaughtUp(submitted.get(), new CountDownLatch(1));
        caughtUp.set(wanted);
        check();
        return wanted.latch();
    }

    private void check() {
        CaughtUp wanted = caughtUp.get();
        if (wanted != null && finished.get() >= wanted.tasks()) {
            wanted.latch().countDown();
        }
    }

    @Override
    public void execute(Runnable task) {
        submitted.incrementAndGet();
        super.execute(task);
    }

    @Override
    protected void beforeExecute(Thread thread, Runnable task) {
        CountDownLatch open = gate.get();
        if (open != null) {
            try {
                if (!open.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the gate's worker was held longer than " + bound);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        finished.incrementAndGet();
        check();
    }
}
