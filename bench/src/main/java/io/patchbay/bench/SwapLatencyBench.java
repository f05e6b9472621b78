package io.patchbay.bench;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.testsupport.RawFelix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.osgi.framework.Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Swap latency of a ~100 KB bundle: Patchbay's whole transaction (verification, store fsync, journal
 * fsync, apply, refresh, start, health gate, commit) against raw Felix update + refresh of the same
 * bytes, measured in alternating rounds in one process so that both see the same machine.
 */
@Command(name = "swap", description = "Swap latency: Patchbay transaction vs raw Felix update+refresh.")
final class SwapLatencyBench implements Callable<Integer> {

    @Option(names = "--swaps", description = "Measured swaps per contender (default ${DEFAULT-VALUE}).")
    int swaps = 400;

    @Option(names = "--warmup", description = "Unmeasured swaps per contender (default ${DEFAULT-VALUE}).")
    int warmup = 100;

    @Option(names = "--round", description = "Swaps per contender before switching (default ${DEFAULT-VALUE}).")
    int round = 50;

    @Override
    public Integer call() throws Exception {
        Path v1 = BenchFiles.bundle("padded");
        Path v2 = BenchFiles.bundle("padded-update");
        byte[] b1 = Files.readAllBytes(v1);
        byte[] b2 = Files.readAllBytes(v2);
        Patch toV2 = Patch.of(v2);
        Patch toV1 = Patch.of(v1).withDowngradeAllowed();

        Path work = BenchFiles.tempDir("patchbay-bench-swap");
        long[] raw = new long[swaps];
        long[] pb = new long[swaps];
        long[] untimed = new long[swaps];
        Map<SwapStep, long[]> steps = new EnumMap<>(SwapStep.class);
        try (RawFelix felix = RawFelix.open(work.resolve("raw"),
                "io.patchbay.framework.spi;version=1.1.0,io.patchbay.sample.feature.api;version=1.1.0", true);
             Patchbay patchbay = BenchFiles.runtime(work.resolve("pb"), List.of(v1)).start()) {
            Bundle rawBundle = felix.install("bench:padded", b1);
            for (int i = 0; i < warmup; i++) {
                felix.update(rawBundle, i % 2 == 0 ? b2 : b1);
                expectCommitted(patchbay.apply(i % 2 == 0 ? toV2 : toV1));
            }
            int doneRaw = 0;
            int donePb = 0;
            while (doneRaw < swaps || donePb < swaps) {
                for (int i = 0; i < round && doneRaw < swaps; i++, doneRaw++) {
                    byte[] next = (warmup + doneRaw) % 2 == 0 ? b2 : b1; // alternate, continuing the warm-up
                    long t0 = System.nanoTime();
                    felix.update(rawBundle, next);
                    raw[doneRaw] = System.nanoTime() - t0;
                }
                for (int i = 0; i < round && donePb < swaps; i++, donePb++) {
                    Patch next = (warmup + donePb) % 2 == 0 ? toV2 : toV1;
                    long t0 = System.nanoTime();
                    SwapResult r = patchbay.apply(next);
                    pb[donePb] = System.nanoTime() - t0;
                    expectCommitted(r);
                    int n = donePb;
                    r.timings().forEach((step, d) -> steps.computeIfAbsent(step, k -> new long[swaps])[n] = d.toNanos());
                    // what no step's timer covers: set-up, events, the outcome, housekeeping, waiting for the lock
                    untimed[n] = pb[n] - r.timings().values().stream().mapToLong(java.time.Duration::toNanos).sum();
                }
            }
        } finally {
            BenchFiles.deleteTree(work);
        }
        Stats r = Stats.of(raw);
        Stats p = Stats.of(pb);
        new Table("Swap latency, " + b1.length / 1024 + " KB bundle, " + swaps + " swaps each (ms)",
                "contender", "p50", "p99", "max")
                .row("raw Felix update+refresh", r.p50(), r.p99(), r.maxMillis())
                .row("Patchbay transaction", p.p50(), p.p99(), p.maxMillis())
                .row("ratio Patchbay/raw", p.p50() / r.p50(), p.p99() / r.p99(), p.maxMillis() / r.maxMillis())
                .print();
        Table breakdown = new Table("Patchbay transaction by step (ms)", "step", "p50", "p99");
        steps.forEach((step, nanos) -> {
            Stats st = Stats.of(nanos);
            breakdown.row(step, st.p50(), st.p99());
        });
        Stats outside = Stats.of(untimed);
        breakdown.row("(outside the steps)", outside.p50(), outside.p99());
        breakdown.print();
        // Calls into the swapped bundle wait only while the container works on it (APPLY + START); the other steps
        // run beside the old revision, still serving. This is the part raw Felix's update + refresh compares with.
        long[] container = new long[swaps];
        for (int i = 0; i < swaps; i++) {
            container[i] = steps.get(SwapStep.APPLY)[i] + steps.get(SwapStep.START)[i];
        }
        Stats c = Stats.of(container);
        new Table("Container work only: Patchbay APPLY + START vs raw Felix update+refresh (ms)",
                "contender", "p50", "p99")
                .row("raw Felix update+refresh", r.p50(), r.p99())
                .row("Patchbay APPLY + START", c.p50(), c.p99())
                .row("ratio Patchbay/raw", c.p50() / r.p50(), c.p99() / r.p99())
                .print();
        return 0;
    }

    private static void expectCommitted(SwapResult r) {
        if (!r.committed()) {
            throw new IllegalStateException("swap did not commit: " + r.outcome() + " " + r.cause());
        }
    }
}
