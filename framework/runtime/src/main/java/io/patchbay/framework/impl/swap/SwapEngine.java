package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.SwapEvent.Phase;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.event.SwapEvents;
import io.patchbay.framework.impl.health.HealthGate;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.verify.PublisherGate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs swaps one at a time: verify → stage → journal → apply → start → health → commit. A failure up to the
 * journal step changes nothing running and is REJECTED; a later one runs the undo of the failed step and of every
 * step before it (ROLLBACK), giving ROLLED_BACK, or ROLLBACK_FAILED when an undo fails too. After ROLLBACK_FAILED
 * the engine refuses further swaps: the journal intent is left open and only a restart recovers safely.
 *
 * <p>Events: STARTED before each step, FINISHED after it and after its durable effects (a listener that blocks on
 * JOURNAL/FINISHED holds the swap with the intent on disk and the container untouched), PROGRESS per bundle in
 * APPLY and START, FAILED with the message when a step fails.
 */
public final class SwapEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SwapEngine.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final List<SwapTask> tasks;
    private final Journal journal;
    private final BundleStore store;
    private final SwapEvents events;
    private volatile PatchLevel level;
    private volatile String blockedBy;

    public SwapEngine(PublisherGate gate, BundleStore store, Journal journal, Container container, HealthGate health,
                      SwapEvents events, Clock clock, Duration healthTimeout) {
        this.journal = journal;
        this.store = store;
        this.events = events;
        this.level = journal.state().level();
        this.tasks = List.of(new VerifyTask(gate), new StageTask(store), new IntentTask(journal, clock),
                new ApplyTask(container, store), new StartTask(), new HealthTask(health, healthTimeout),
                new CommitTask(journal, clock));
    }

    public PatchLevel level() {
        return level;
    }

    /** Re-reads the committed level after recovery changed the journal. */
    public void reloadLevel() {
        level = journal.state().level();
    }

    public SwapResult apply(Patch patch) {
        lock.lock();
        try {
            return run(new Swap(UUID.randomUUID().toString(), patch, level, events));
        } finally {
            lock.unlock();
        }
    }

    /** Holds the swap lock while {@code action} runs, e.g. to stop the container without a swap in flight. */
    public void exclusively(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private SwapResult run(Swap swap) {
        Map<SwapStep, Duration> timings = new EnumMap<>(SwapStep.class);
        LOG.info("swap {} '{}': {} bundle(s) over level {}", swap.transactionId, swap.patch.label(),
                swap.patch.artifacts().size(), swap.before.sequence());
        if (blockedBy != null) {
            PatchbayException cause = new PatchbayException("swaps are refused until a restart: " + blockedBy);
            events.emit(swap.transactionId, SwapStep.VERIFY, Phase.FAILED, cause.getMessage());
            return new SwapResult(swap.transactionId, Outcome.REJECTED, swap.before, swap.before, timings, cause, null);
        }
        List<SwapTask> done = new ArrayList<>();
        for (SwapTask task : tasks) {
            events.emit(swap.transactionId, task.step(), Phase.STARTED, null);
            long start = System.nanoTime();
            try {
                task.run(swap);
            } catch (Exception | LinkageError e) {
                timings.put(task.step(), Duration.ofNanos(System.nanoTime() - start));
                events.emit(swap.transactionId, task.step(), Phase.FAILED, String.valueOf(e.getMessage()));
                return failed(swap, task, done, e, timings);
            }
            timings.put(task.step(), Duration.ofNanos(System.nanoTime() - start));
            events.emit(swap.transactionId, task.step(), Phase.FINISHED, null);
            done.add(task);
        }
        level = swap.after;
        LOG.info("swap {} committed level {} in {} ms", swap.transactionId, level.sequence(), total(timings));
        housekeeping();
        return new SwapResult(swap.transactionId, Outcome.COMMITTED, swap.before, swap.after, timings, null, null);
    }

    private SwapResult failed(Swap swap, SwapTask failedTask, List<SwapTask> done, Throwable cause,
                              Map<SwapStep, Duration> timings) {
        if (failedTask.step().compareTo(SwapStep.JOURNAL) <= 0) {
            LOG.warn("swap {} rejected at {}: {}", swap.transactionId, failedTask.step(), cause.getMessage());
            return new SwapResult(swap.transactionId, Outcome.REJECTED, swap.before, swap.before, timings, cause, null);
        }
        LOG.warn("swap {} failed at {}, rolling back: {}", swap.transactionId, failedTask.step(), cause.getMessage(), cause);
        events.emit(swap.transactionId, SwapStep.ROLLBACK, Phase.STARTED, cause.getMessage());
        long start = System.nanoTime();
        List<SwapTask> undo = new ArrayList<>(done);
        undo.add(failedTask);
        Collections.reverse(undo);
        Throwable rollbackFailure = null;
        for (SwapTask task : undo) {
            try {
                task.undo(swap);
            } catch (Exception | LinkageError e) {
                swap.undoFailed = true;
                if (rollbackFailure == null) {
                    rollbackFailure = e;
                } else {
                    rollbackFailure.addSuppressed(e);
                }
            }
        }
        timings.put(SwapStep.ROLLBACK, Duration.ofNanos(System.nanoTime() - start));
        if (rollbackFailure != null) {
            blockedBy = "swap " + swap.transactionId + " could not be rolled back: " + rollbackFailure.getMessage();
            LOG.error("swap {}: ROLLBACK FAILED; the failure was {}", swap.transactionId, cause.toString(), rollbackFailure);
            events.emit(swap.transactionId, SwapStep.ROLLBACK, Phase.FAILED, rollbackFailure.getMessage());
            return new SwapResult(swap.transactionId, Outcome.ROLLBACK_FAILED, swap.before, swap.before, timings, cause,
                    rollbackFailure);
        }
        LOG.info("swap {} rolled back to level {}", swap.transactionId, swap.before.sequence());
        events.emit(swap.transactionId, SwapStep.ROLLBACK, Phase.FINISHED, null);
        housekeeping();
        return new SwapResult(swap.transactionId, Outcome.ROLLED_BACK, swap.before, swap.before, timings, cause, null);
    }

    /** Drops store entries no rollback can need and compacts the journal; a failure here costs only disk space. */
    private void housekeeping() {
        try {
            store.retainOnly(journal.state().retainedHashes());
            journal.compactIfNeeded();
        } catch (RuntimeException e) {
            LOG.warn("store/journal housekeeping failed; will retry after the next swap", e);
        }
    }

    private static long total(Map<SwapStep, Duration> timings) {
        return timings.values().stream().mapToLong(Duration::toMillis).sum();
    }
}
