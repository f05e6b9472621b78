package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchRefusedException;
import io.patchbay.framework.api.SwapEvent.Phase;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.store.Sha256;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs swaps one at a time: verify → stage → journal → apply → start → health → commit. The expensive part of
 * VERIFY (signatures) runs before the swap lock is taken, so a slow or hostile upload never delays another swap;
 * what depends on the committed level is checked again under the lock. A failure up to JOURNAL changes nothing
 * running and is REJECTED; a later one is undone (ROLLBACK), giving ROLLED_BACK, or ROLLBACK_FAILED when the undo
 * fails too, after which {@link RestoreRetry} keeps restoring in the background and swaps are refused meanwhile.
 */
public final class SwapEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwapEngine.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final SwapParts parts;
    private final Outcomes outcomes;
    private final RestoreRetry retry;
    private volatile PatchLevel level;

    public SwapEngine(SwapParts parts) {
        this.parts = parts;
        this.outcomes = new Outcomes(parts.history(), parts.clock());
        this.retry = new RestoreRetry(parts, outcomes, lock, this::housekeeping, parts.recoveryRetry());
        this.level = parts.journal().state().level();
    }

    /** The committed level, marked degraded while a failed rollback is being retried. */
    public PatchLevel level() {
        PatchLevel committed = level;
        String pending = retry.pendingReason();
        return pending == null ? committed : committed.withDegradedBy(pending);
    }

    /** Re-reads the committed level after recovery changed the journal. */
    public void reloadLevel() {
        level = parts.journal().state().level();
    }

    public SwapResult apply(Patch patch) {
        String transactionId = UUID.randomUUID().toString();
        SwapRun run = new SwapRun(transactionId, parts.events());
        parts.events().emit(transactionId, SwapStep.VERIFY, Phase.STARTED, null);
        long start = System.nanoTime();
        List<VerifiedBundle> verified;
        try {
            verified = new ArrayList<>(parts.gate().verifyArtifacts(patch));
            verified.sort(Comparator.comparing(VerifiedBundle::symbolicName));
        } catch (Exception | LinkageError e) {
            run.add(SwapStep.VERIFY, System.nanoTime() - start);
            return rejected(transactionId, patch, artifactIdentity(patch), List.of(), run, e);
        }
        long verifying = System.nanoTime() - start;
        lock.lock();
        try {
            return underLock(new SwapContext(transactionId, patch, verified, level, parts.events()), run, verifying);
        } finally {
            lock.unlock();
        }
    }

    /** @param verifying how long VERIFY took before the lock; its time waiting for the lock is no step's */
    private SwapResult underLock(SwapContext swap, SwapRun run, long verifying) {
        LOG.info("swap {} '{}': {} bundle(s) over level {}", swap.transactionId, swap.patch.label(),
                swap.bundles.size(), swap.before.sequence());
        long start = System.nanoTime();
        Throwable refused = null;
        try {
            admit(swap);
        } catch (Exception | LinkageError e) {
            refused = e;
        }
        run.add(SwapStep.VERIFY, verifying + (System.nanoTime() - start));
        if (refused != null) {
            return rejected(swap.transactionId, swap.patch, swap.patchId, swap.records(), run, refused);
        }
        parts.events().emit(swap.transactionId, SwapStep.VERIFY, Phase.FINISHED, null);

        ApplyTask apply = new ApplyTask(swap, parts.container(), parts.restorer());
        CommitTask commit = new CommitTask(swap, parts.journal(), parts.clock());
        StartTask starting = new StartTask(swap, apply, parts.container());
        boolean committed = run.run(List.of(
                new StageTask(swap, parts.store(), parts.committed()),
                new IntentTask(swap, parts.journal(), parts.clock(), run::cause),
                apply,
                starting,
                new HealthTask(starting, parts.health(), parts.healthTimeout()),
                commit));
        if (committed) {
            level = commit.committed();
            LOG.info("swap {} committed level {}; steps {}{}", swap.transactionId, level.sequence(), run.timings(),
                    starting.held().isEmpty() ? "" : "; held back by the feature gate: " + starting.held());
            housekeeping();
            return outcomes.end(swap.transactionId, swap.patch, swap.patchId, swap.records(), Outcome.COMMITTED,
                    swap.before, level, run.timings(), null, null, starting.held());
        }
        if (run.failedStep().compareTo(SwapStep.JOURNAL) <= 0) {
            LOG.warn("swap {} rejected at {}: {}", swap.transactionId, run.failedStep(), run.cause().getMessage());
            return end(swap, Outcome.REJECTED, swap.before, run, run.cause(), null);
        }
        // An expected outcome (a failing start or health check): one WARN line; the cause is on the SwapResult, and
        // its stack trace only at DEBUG, so a host's log is not flooded by patches that were meant to be refused.
        LOG.warn("swap {} failed at {}, rolling back: {}", swap.transactionId, run.failedStep(),
                run.cause().getMessage());
        LOG.debug("swap {} failure at {}", swap.transactionId, run.failedStep(), run.cause());
        Throwable rollbackFailure = run.undo();
        if (rollbackFailure != null) {
            LOG.error("swap {}: ROLLBACK FAILED; the failure was {}", swap.transactionId, run.cause().toString(),
                    rollbackFailure);
            retry.start(swap, rollbackFailure);
            return end(swap, Outcome.ROLLBACK_FAILED, swap.before, run, run.cause(), rollbackFailure);
        }
        LOG.info("swap {} rolled back to level {}", swap.transactionId, swap.before.sequence());
        housekeeping();
        return end(swap, Outcome.ROLLED_BACK, swap.before, run, run.cause(), null);
    }

    /** The checks that depend on the committed level and the history, under the lock. */
    private void admit(SwapContext swap) {
        String pending = retry.pendingReason();
        if (pending != null) {
            throw new PatchRefusedException(PatchRefusedException.Reason.RESTORE_PENDING, pending);
        }
        parts.gate().checkAgainst(swap.patch, swap.bundles, swap.before);
        if (!swap.patch.retryCrashed() && parts.history().crashedBefore(swap.patchId)) {
            throw new PatchRefusedException(PatchRefusedException.Reason.CRASHED_BEFORE, "patch '"
                    + swap.patch.label() + "' (" + swap.patchId + ") was being applied when the process died, and"
                    + " has not committed since; apply it with retryCrashed to try it again");
        }
    }

    private SwapResult rejected(String transactionId, Patch patch, String patchId,
                                List<io.patchbay.framework.api.PatchLevel.BundleRecord> bundles, SwapRun run,
                                Throwable cause) {
        parts.events().emit(transactionId, SwapStep.VERIFY, Phase.FAILED, String.valueOf(cause.getMessage()));
        LOG.warn("swap {} rejected at VERIFY: {}", transactionId, cause.getMessage());
        PatchLevel now = level;
        return outcomes.end(transactionId, patch, patchId, bundles, Outcome.REJECTED, now, now, run.timings(), cause, null);
    }

    private SwapResult end(SwapContext swap, Outcome outcome, PatchLevel after, SwapRun run, Throwable cause,
                           Throwable rollbackFailure) {
        return outcomes.end(swap.transactionId, swap.patch, swap.patchId, swap.records(), outcome, swap.before, after,
                run.timings(), cause, rollbackFailure);
    }


    /** The identity of a patch refused before its jars could be read: the same formula over the raw bytes. */
    private static String artifactIdentity(Patch patch) {
        return PatchIdentity.of(patch.artifacts().stream().map(a -> Sha256.hex(a.bytes())).toList());
    }

    /**
     * Holds the swap lock while {@code action} runs, e.g. to stop the container without a swap in flight.
     *
     * @return false when the lock was not free within {@code wait} (the action did not run)
     */
    public boolean exclusively(Duration wait, Runnable action) {
        try {
            if (!lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return runAndUnlock(action);
    }

    /**
     * Runs {@code action} under the swap lock if no swap holds it now; never from inside a swap (the lock is
     * reentrant, so a bundle's code on the swap thread would otherwise get in).
     *
     * @return false when a swap (or another exclusive action) holds the lock: the action did not run
     */
    public boolean ifIdle(Runnable action) {
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return false;
        }
        return runAndUnlock(action);
    }

    /** Runs {@code action} with the lock the caller took, and releases it. */
    private boolean runAndUnlock(Runnable action) {
        try {
            action.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops store entries no rollback can need and compacts the journal, once the history no longer needs the
     * records compaction drops; a failure here costs only disk space.
     */
    private void housekeeping() {
        try {
            parts.store().retainOnly(parts.journal().state().retainedHashes());
            parts.journal().compactIfNeeded(parts.history()::flush);
        } catch (RuntimeException e) {
            LOG.warn("store/journal housekeeping failed; will retry after the next swap", e);
        }
    }

    /** Stops retrying restores. */
    @Override
    public void close() {
        retry.close();
    }
}
