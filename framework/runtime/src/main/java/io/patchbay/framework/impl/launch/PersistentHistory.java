package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.history.SwapHistory;
import io.patchbay.framework.impl.service.HistoryReader;
import io.patchbay.framework.impl.swap.HistorySink;
import java.util.List;
import java.util.Optional;

/** The persistent swap history, as the engine writes it and the patch service reads it. */
final class PersistentHistory implements HistorySink, HistoryReader, AutoCloseable {
    private final SwapHistory history;

    PersistentHistory(SwapHistory history) {
        this.history = history;
    }

    @Override
    public void record(SwapRecord record) {
        history.append(record);
    }

    @Override
    public void recordJournaled(SwapRecord record) {
        history.appendJournaled(record);
    }

    @Override
    public void flush() {
        history.flush();
    }

    @Override
    public void backfill(List<SwapRecord> ended) {
        history.backfill(ended);
    }

    @Override
    public Optional<Outcome> lastOutcome(String transactionId) {
        List<SwapRecord> kept = history.newest(Integer.MAX_VALUE);
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (kept.get(i).transactionId().equals(transactionId)) {
                return Optional.of(kept.get(i).outcome());
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean crashedBefore(String patchId) {
        return history.crashedBefore(patchId);
    }

    @Override
    public List<SwapRecord> newest(int max) {
        return history.newest(max);
    }

    @Override
    public List<SwapRecord> unacknowledged(int max) {
        return history.unacknowledged(max);
    }

    @Override
    public void acknowledge(long sequence) {
        history.acknowledge(sequence);
    }

    @Override
    public void close() {
        history.close();
    }
}
