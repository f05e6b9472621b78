package io.patchbay.e2e.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Bounded polling for outcomes in other processes: never a fixed sleep, always a deadline. */
public final class Await {

    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds; past {@code timeout} fails naming {@code what} and the
     * {@code diagnostics} (process output tails). A condition that throws counts as not yet (the last error is
     * reported): a host or server still starting refuses connections.
     */
    public static Duration until(String what, Duration timeout, Callable<Boolean> condition,
                                 Supplier<String> diagnostics) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("not within " + timeout + ": " + what
                        + (last == null ? "" : " (last error: " + last + ")") + "\n" + diagnostics.get());
                if (last != null) {
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS); // the polling period of a bounded wait, not a wait for the outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
