package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapEvent.Phase;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.journal.JournalRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a rollback failed, the container runs neither the old set nor the new one. This keeps the damage contained
 * and repairs it without a restart: the swap's bundles are stopped (rejected code must not serve), the level
 * reports itself degraded, swaps are refused, and the same restore the rollback uses is
 * retried in the background with a doubling back-off until it succeeds, e.g. once disk space is freed. Success
 * journals ROLLED_BACK, closing the swap's intent, and adds a ROLLED_BACK record to the history.
 */
final class RestoreRetry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRetry.class);
    private static final int MAX_BACKOFF_FACTOR = 16;

    private final SwapParts parts;
    private final Outcomes outcomes;
    private final ReentrantLock lock;
    /** Run under the lock once the container runs the committed level again. */
    private final Runnable onRestored;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "patchbay-restore-retry");
        thread.setDaemon(true);
        return thread;
    });
    /** The swap being restored, or null; written under the swap lock. */
    private volatile Pending pending;
    /** Set when the runtime stops: an attempt already waiting for the lock must then do nothing. */
    private volatile boolean closed;

    RestoreRetry(SwapParts parts, Outcomes outcomes, ReentrantLock lock, Runnable onRestored, Duration interval) {
        this.parts = parts;
        this.outcomes = outcomes;
        this.lock = lock;
        this.onRestored = onRestored;
        this.interval = interval;
    }

    private record Pending(SwapContext swap, String reason, int attempt) {
    }

    /** Why swaps are refused, or null when the container runs the committed level. */
    String pendingReason() {
        Pending p = pending;
        return p == null ? null : p.reason();
    }

    /** Called under the swap lock when a rollback failed. */
    void start(SwapContext swap, Throwable rollbackFailure) {
        String reason = "swap " + swap.transactionId + " ('" + swap.patch.label() + "') could not be rolled back ("
                + rollbackFailure.getMessage() + "); the restore is being retried";
        contain(swap);
        pending = new Pending(swap, reason, 0);
        schedule(0);
    }

    private void schedule(int attempt) {
        long factor = Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(attempt, 30));
        try {
            scheduler.schedule(this::attempt, interval.toNanos() * factor, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.warn("the runtime is stopping; the restore is left to recovery at the next start");
        }
    }

    private void attempt() {
        lock.lock();
        try {
            Pending p = pending;
            if (p == null || closed) {
                return;
            }
            SwapContext swap = p.swap();
            int attempt = p.attempt() + 1;
            parts.events().emit(swap.transactionId, SwapStep.ROLLBACK, Phase.STARTED, "restore retry " + attempt);
            long start = System.nanoTime();
            try {
                parts.restorer().restoreAndStart(swap.symbolicNames(), swap.before,
                        detail -> swap.progress(SwapStep.ROLLBACK, detail));
                parts.journal().append(new JournalRecord.RolledBack(swap.transactionId, parts.clock().instant(), false,
                        restoredCause(attempt, p.reason())));
            } catch (Exception | LinkageError e) {
                LOG.warn("restore retry {} of swap {} failed: {}", attempt, swap.transactionId, e.getMessage());
                parts.events().emit(swap.transactionId, SwapStep.ROLLBACK, Phase.FAILED, String.valueOf(e.getMessage()));
                contain(swap);
                pending = new Pending(swap, p.reason(), attempt);
                schedule(attempt);
                return;
            }
            pending = null;
            onRestored.run();
            outcomes.record(new SwapRecord(0, swap.transactionId, swap.patch.label(), swap.patchId, swap.records(),
                    Outcome.ROLLED_BACK, parts.clock().instant(), swap.before.sequence(), swap.before.sequence(),
                    restoredCause(attempt, p.reason()),
                    Map.of(SwapStep.ROLLBACK, java.time.Duration.ofNanos(System.nanoTime() - start))));
            LOG.info("swap {}: restored to level {} by retry {}", swap.transactionId, swap.before.sequence(), attempt);
            parts.events().emit(swap.transactionId, SwapStep.ROLLBACK, Phase.FINISHED, "restored by retry " + attempt);
        } finally {
            lock.unlock();
        }
    }

    private static String restoredCause(int attempt, String reason) {
        return "restored by retry " + attempt + " after a failed rollback: " + reason;
    }

    /**
     * Stops every bundle of the swap that runs: until the restore succeeds the set is mixed, and rejected code must
     * not serve (nor committed code wired to it).
     */
    private void contain(SwapContext swap) {
        for (String name : swap.symbolicNames()) {
            Optional<Bundle> bundle = parts.container().find(name);
            if (bundle.isEmpty() || bundle.get().getState() != Bundle.ACTIVE) {
                continue;
            }
            try {
                parts.container().stopTransient(bundle.get());
                LOG.warn("stopped {} until its swap's restore succeeds", name);
            } catch (Exception | LinkageError e) {
                LOG.error("could not stop {} after its swap's rollback failed", name, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }
}
