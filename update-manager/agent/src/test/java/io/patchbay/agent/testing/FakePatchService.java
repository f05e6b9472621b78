package io.patchbay.agent.testing;

import io.patchbay.framework.api.HealthReport;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A PatchService with a hand-written history, for the poll loop and reporter tests. */
public final class FakePatchService implements PatchService {
    public volatile PatchLevel level = new PatchLevel(3, List.of(new PatchLevel.BundleRecord("com.acme.greeter",
            "1.0.3", "ab".repeat(32))), Instant.parse("2030-01-01T00:00:00Z"));
    public final List<SwapRecord> records = new ArrayList<>();
    public long acknowledged;
    public final List<Long> acknowledgements = new ArrayList<>();

    public final List<Patch> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** When set, every submit fails with this message before any swap runs (no history record), as a stopped runtime. */
    public volatile String notRunning;

    /** While true, a submitted swap "runs" until {@link #endHeld} (or never, after {@link #dropHeld}). */
    public volatile boolean hold;
    private Patch held;
    private CompletableFuture<SwapResult> heldResult;

    /** Commits every patch (level + 1, a COMMITTED record labelled like the patch), or holds it (see {@link #hold}). */
    @Override
    public synchronized CompletionStage<SwapResult> submit(Patch patch) {
        submitted.add(patch);
        if (notRunning != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(notRunning));
        }
        if (hold) {
            held = patch;
            heldResult = new CompletableFuture<>();
            return heldResult;
        }
        return CompletableFuture.completedFuture(end(patch, SwapResult.Outcome.COMMITTED));
    }

    /** The held swap ends with {@code outcome}: its record is written, then its stage completes. */
    public void endHeld(SwapResult.Outcome outcome) {
        CompletableFuture<SwapResult> result;
        SwapResult ended;
        synchronized (this) {
            ended = end(held, outcome);
            result = heldResult;
            held = null;
        }
        result.complete(ended);
    }

    /** The held swap never runs (the runtime restarted before its turn): no record, the stage never completes. */
    public synchronized void dropHeld() {
        held = null;
        heldResult = null;
    }

    private SwapResult end(Patch patch, SwapResult.Outcome outcome) {
        PatchLevel before = level;
        SwapRecord record = add(outcome, outcome == SwapResult.Outcome.COMMITTED ? null : "it failed", patch.label());
        level = new PatchLevel(record.levelAfter(), before.bundles(), before.committedAt());
        return new SwapResult(record.transactionId(), outcome, before, level, Map.of(), null, null);
    }

    /**
     * What {@link #health()} does: answers this (empty: "a swap is running"), unless {@link #healthThrows} is set
     * (it throws) or {@link #healthHangs} is (it blocks until the latch opens, ignoring interrupts).
     */
    public volatile Optional<HealthReport> health = Optional.of(new HealthReport(List.of(), 0,
            Instant.parse("2030-01-01T00:00:00Z")));
    public volatile RuntimeException healthThrows;
    public volatile java.util.concurrent.CountDownLatch healthHangs;
    public final java.util.concurrent.atomic.AtomicInteger healthCalls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Optional<HealthReport> health() {
        healthCalls.incrementAndGet();
        if (healthThrows != null) {
            throw healthThrows;
        }
        java.util.concurrent.CountDownLatch hang = healthHangs;
        boolean interrupted = false;
        while (hang != null) {
            try {
                hang.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return health;
    }

    @Override
    public PatchLevel patchLevel() {
        return level;
    }

    @Override
    public synchronized List<SwapRecord> history(int max) {
        return List.copyOf(records.subList(Math.max(0, records.size() - max), records.size()));
    }

    @Override
    public synchronized List<SwapRecord> unacknowledged(int max) {
        return records.stream().filter(r -> r.sequence() > acknowledged).limit(max).toList();
    }

    @Override
    public synchronized void acknowledge(long sequence) {
        acknowledgements.add(sequence);
        acknowledged = Math.max(acknowledged, sequence);
    }

    public synchronized SwapRecord add(SwapResult.Outcome outcome, String cause) {
        return add(outcome, cause, "rel-" + (records.size() + 1));
    }

    public synchronized SwapRecord add(SwapResult.Outcome outcome, String cause, String label) {
        Map<SwapStep, Duration> timings = new EnumMap<>(SwapStep.class);
        if (outcome != SwapResult.Outcome.CRASHED) {
            timings.put(SwapStep.VERIFY, Duration.ofMillis(12));
            timings.put(SwapStep.APPLY, Duration.ofMillis(40));
        }
        long seq = records.size() + 1;
        long before = level.sequence();
        long after = outcome == SwapResult.Outcome.COMMITTED ? before + 1 : before;
        SwapRecord record = new SwapRecord(seq, "tx-" + seq, label, "cd".repeat(32), level.bundles(), outcome,
                Instant.parse("2030-01-01T00:00:00Z"), before, after, cause, timings);
        records.add(record);
        return record;
    }
}
