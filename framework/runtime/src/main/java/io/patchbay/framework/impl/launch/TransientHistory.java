package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.swap.HistorySink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** PLACEHOLDER until the persistent history lands: in memory only. Not to be merged. */
final class TransientHistory implements HistorySink, io.patchbay.framework.impl.service.HistoryReader {
    private final List<SwapRecord> records = new ArrayList<>();
    private long acknowledged;

    @Override
    public synchronized void record(SwapRecord record) {
        records.add(record.withSequence(records.size() + 1));
    }

    @Override
    public synchronized Optional<Outcome> lastOutcome(String transactionId) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).transactionId().equals(transactionId)) {
                return Optional.of(records.get(i).outcome());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean crashedBefore(String patchId) {
        for (int i = records.size() - 1; i >= 0; i--) {
            SwapRecord r = records.get(i);
            if (r.patchId().equals(patchId)) {
                if (r.outcome() == Outcome.COMMITTED) {
                    return false;
                }
                if (r.outcome() == Outcome.CRASHED) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public synchronized List<SwapRecord> newest(int max) {
        return List.copyOf(records.subList(Math.max(0, records.size() - max), records.size()));
    }

    @Override
    public synchronized List<SwapRecord> unacknowledged(int max) {
        List<SwapRecord> out = new ArrayList<>();
        for (SwapRecord r : records) {
            if (r.sequence() > acknowledged && out.size() < max) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized void acknowledge(long sequence) {
        acknowledged = Math.max(acknowledged, Math.min(sequence, records.size()));
    }
}
