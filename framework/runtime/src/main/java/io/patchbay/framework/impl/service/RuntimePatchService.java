package io.patchbay.framework.impl.service;

import io.patchbay.framework.api.HealthReport;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.impl.health.HealthGate;
import io.patchbay.framework.impl.swap.SwapEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link PatchService} over the swap engine. Submitted swaps run one after another on the runtime's own swap thread,
 * so the caller may be a bundle the patch replaces. The queue is bounded: a bundle that floods it gets refusals, not
 * memory.
 *
 * <p>{@link #health()} runs every health check under the swap lock, taken only when free: a health run never sees a
 * swap half done and never holds a check the swap's gate is about to run (the gate would fail it as "still running"
 * and roll a good patch back), while a swap waits at most the health timeout for a run to end. Skipping rather than
 * waiting keeps the caller (an agent's check-in) from waiting for a whole swap.
 */
public final class RuntimePatchService implements PatchService, AutoCloseable {
    static final int MAX_QUEUED = 16;
    static final int MAX_RECORDS = 1000;

    private final SwapEngine engine;
    private final HistoryReader history;
    private final ThreadPoolExecutor swaps;
    private final HealthGate health;
    private final Clock clock;
    private final Duration healthTimeout;

    public RuntimePatchService(SwapEngine engine, HistoryReader history, HealthGate health, Clock clock,
                               Duration healthTimeout) {
        this.engine = engine;
        this.history = history;
        this.health = health;
        this.clock = clock;
        this.healthTimeout = healthTimeout;
        this.swaps = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                runnable -> {
                    Thread thread = new Thread(runnable, "patchbay-swap");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public CompletionStage<SwapResult> submit(Patch patch) {
        Objects.requireNonNull(patch, "patch");
        QueuedSwap swap = new QueuedSwap(patch);
        try {
            swaps.execute(swap);
        } catch (RejectedExecutionException e) {
            swap.refuse(swaps.isShutdown() ? "the runtime is stopped" : "too many swaps queued (" + MAX_QUEUED
                    + "); submit later");
        }
        return swap.result;
    }

    /** One submitted swap: run on the swap thread, or refused if the runtime stops first. */
    private final class QueuedSwap implements Runnable {
        private final Patch patch;
        private final CompletableFuture<SwapResult> result = new CompletableFuture<>();

        QueuedSwap(Patch patch) {
            this.patch = patch;
        }

        @Override
        public void run() {
            try {
                result.complete(engine.apply(patch));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }

        void refuse(String why) {
            result.completeExceptionally(new PatchbayException("patch '" + patch.label() + "' was not applied: " + why));
        }
    }

    @Override
    public PatchLevel patchLevel() {
        return engine.level();
    }

    @Override
    public List<SwapRecord> history(int max) {
        return history.newest(bounded(max));
    }

    @Override
    public List<SwapRecord> unacknowledged(int max) {
        return history.unacknowledged(bounded(max));
    }

    @Override
    public void acknowledge(long sequence) {
        history.acknowledge(sequence);
    }

    @Override
    public Optional<HealthReport> health() {
        if (swaps.isShutdown()) {
            return Optional.empty();
        }
        HealthReport[] report = new HealthReport[1];
        boolean ran = engine.ifIdle(() -> {
            Instant at = clock.instant();
            HealthGate.Outcome outcome = health.checkAll(healthTimeout);
            report[0] = new HealthReport(outcome.problems().stream()
                    .map(p -> new HealthReport.Failure(p.bundle(), p.what())).toList(), outcome.checked(), at);
        });
        return ran ? Optional.of(report[0]) : Optional.empty();
    }

    private static int bounded(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        return Math.min(max, MAX_RECORDS);
    }

    /** Refuses new submissions; queued ones fail with "stopped", a running one finishes (it is bounded). */
    @Override
    public void close() {
        // not shutdownNow: interrupting the running swap would cut its rollback short
        swaps.shutdown();
        List<Runnable> queued = new java.util.ArrayList<>();
        swaps.getQueue().drainTo(queued);
        queued.forEach(q -> ((QueuedSwap) q).refuse("the runtime stopped before its turn"));
    }
}
