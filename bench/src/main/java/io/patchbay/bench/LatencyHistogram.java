package io.patchbay.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Call latencies at 1 µs resolution up to 100 ms, exact above that; one per thread, merged at the end,
 * so that millions of calls cost no allocation while measured.
 */
final class LatencyHistogram {
    private static final int BUCKETS = 100_000;
    private final long[] counts = new long[BUCKETS];
    private final List<Long> slow = new ArrayList<>();
    private long total;

    void record(long nanos) {
        long micros = nanos / 1_000;
        if (micros < BUCKETS) {
            counts[(int) micros]++;
        } else {
            slow.add(nanos);
        }
        total++;
    }

    void merge(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        slow.addAll(other.slow);
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The percentile in milliseconds. */
    double percentileMillis(double p) {
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (i + 1) / 1000.0;
            }
        }
        List<Long> sorted = new ArrayList<>(slow);
        sorted.sort(null);
        int idx = (int) Math.min(sorted.size() - 1, rank - seen - 1);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.max(0, idx)) / 1e6;
    }

    double maxMillis() {
        if (!slow.isEmpty()) {
            return slow.stream().mapToLong(Long::longValue).max().orElseThrow() / 1e6;
        }
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (counts[i] > 0) {
                return (i + 1) / 1000.0;
            }
        }
        return Double.NaN;
    }
}
