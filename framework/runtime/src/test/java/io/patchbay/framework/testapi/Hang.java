package io.patchbay.framework.testapi;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where test bundles hang on purpose. The host exports this package, so bundle and test share the one class: the
 * test sees who entered and releases them, which lets it clean up what a hung activator holds.
 */
public final class Hang {
    private static volatile CountDownLatch release = new CountDownLatch(1);
    private static final AtomicInteger ENTERED = new AtomicInteger();
    private static final Semaphore ENTRIES = new Semaphore(0);

    private Hang() {
    }

    /** Blocks until {@link #releaseAll()}, ignoring interrupts, like bundle code that never looks at them. */
    public static void here() {
        CountDownLatch latch = release; // before telling anyone: a release right after the entry must let it go
        ENTERED.incrementAndGet();
        ENTRIES.release();
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets earlier entries, so {@link #awaitEntry} waits for the next one. */
    public static void forgetEntries() {
        ENTRIES.drainPermits();
    }

    /** Waits up to {@code wait} for a caller to enter {@link #here()} (since {@link #forgetEntries}). */
    public static boolean awaitEntry(Duration wait) throws InterruptedException {
        return ENTRIES.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static int entered() {
        return ENTERED.get();
    }

    /** Lets every hung caller go, and arms a new latch for the next test. */
    public static void releaseAll() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
    }
}
