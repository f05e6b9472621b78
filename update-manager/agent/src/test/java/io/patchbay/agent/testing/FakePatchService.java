package io.patchbay.agent.testing;

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
import java.util.concurrent.CompletionStage;

/** A PatchService with a hand-written history, for the poll loop and reporter tests. */
public final class FakePatchService implements PatchService {
    public volatile PatchLevel level = new PatchLevel(3, List.of(new PatchLevel.BundleRecord("com.acme.greeter",
            "1.0.3", "ab".repeat(32))), Instant.parse("2030-01-01T00:00:00Z"));
    public final List<SwapRecord> records = new ArrayList<>();
    public long acknowledged;
    public final List<Long> acknowledgements = new ArrayList<>();

    public final List<Patch> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Commits every patch: level + 1, a COMMITTED history record labelled like the patch. */
    @Override
    public synchronized CompletionStage<SwapResult> submit(Patch patch) {
        submitted.add(patch);
        PatchLevel before = level;
        SwapRecord record = add(SwapResult.Outcome.COMMITTED, null, patch.label());
        level = new PatchLevel(record.levelAfter(), before.bundles(), before.committedAt());
        return java.util.concurrent.CompletableFuture.completedFuture(new SwapResult(record.transactionId(),
                SwapResult.Outcome.COMMITTED, before, level, Map.of(), null, null));
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
