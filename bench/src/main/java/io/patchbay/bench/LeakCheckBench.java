package io.patchbay.bench;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Swaps a bundle many times, then forces full GCs and counts the bundle class loaders still reachable
 * (only the current revision's should be) and how much the retained heap grew.
 */
@Command(name = "leak", description = "Class loaders and heap retained after many swap cycles.")
final class LeakCheckBench implements Callable<Integer> {
    private static final String SYMBOLIC_NAME = "io.patchbay.sample.padded";

    @Option(names = "--cycles", description = "Swap cycles (default ${DEFAULT-VALUE}).")
    int cycles = 1_000;

    @Option(names = "--warmup", description = "Cycles before the baseline heap reading (default ${DEFAULT-VALUE}).")
    int warmup = 50;

    @Override
    public Integer call() throws Exception {
        Path v1 = BenchFiles.bundle("padded");
        Path v2 = BenchFiles.bundle("padded-update");
        Patch toV2 = Patch.of(v2);
        Patch toV1 = Patch.of(v1).withDowngradeAllowed();
        Path work = BenchFiles.tempDir("patchbay-bench-leak");
        // References leave the set once their loader is collected, so the bookkeeping itself does not
        // show up as retained heap growth.
        ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
        Set<Reference<ClassLoader>> uncollected = new HashSet<>();
        int created = 0;
        try (Patchbay patchbay = BenchFiles.runtime(work, List.of(v1)).start()) {
            long baseline = 0;
            int every = Math.max(1, cycles / 4);
            Map<Integer, Long> checkpoints = new LinkedHashMap<>();
            for (int i = 0; i < warmup + cycles; i++) {
                if (i == warmup) {
                    baseline = retainedHeap();
                } else if (i > warmup && (i - warmup) % every == 0) {
                    checkpoints.put(i - warmup, retainedHeap());
                }
                SwapResult r = patchbay.apply(i % 2 == 0 ? toV2 : toV1);
                if (!r.committed()) {
                    throw new IllegalStateException("swap " + i + " failed: " + r.cause());
                }
                uncollected.add(new WeakReference<>(currentLoader(patchbay), collected));
                created++;
                drain(collected, uncollected);
            }
            long after = retainedHeap();
            checkpoints.put(cycles, after);
            drain(collected, uncollected);
            long live = uncollected.size();
            Table table = new Table("Leak check: " + cycles + " swap cycles (+" + warmup + " warm-up) of " + SYMBOLIC_NAME,
                    "metric", "value", "target")
                    .row("bundle class loaders created", created, "-")
                    .row("still reachable after full GC", live, "1 (the current revision)")
                    .row("retained heap after warm-up (MiB)", baseline / 1048576.0, "-")
                    .row("growth warm-up -> end (KiB per 1,000 cycles)", (after - baseline) / 1024.0 * 1000 / cycles, "-")
                    .row("growth first checkpoint -> end (KiB per 1,000 cycles)", steadyGrowthKiBPer1000(checkpoints, every), "~0");
            // Successive readings show whether growth accumulates or is lazily cleaned-up churn
            // (e.g. stale entries of per-wiring ThreadLocals, expunged only when their map rehashes).
            for (Map.Entry<Integer, Long> c : checkpoints.entrySet()) {
                table.row("retained heap after " + c.getKey() + " cycles (MiB)", c.getValue() / 1048576.0, "flat");
            }
            table.print();
            return live <= 1 ? 0 : 1;
        } finally {
            BenchFiles.deleteTree(work);
        }
    }

    /** Growth after the first checkpoint, when the container's lazily-pruned tables have reached their size. */
    private static double steadyGrowthKiBPer1000(Map<Integer, Long> checkpoints, int every) {
        Map.Entry<Integer, Long> first = checkpoints.entrySet().iterator().next();
        long last = checkpoints.values().stream().reduce((a, b) -> b).orElseThrow();
        int span = checkpoints.keySet().stream().reduce((a, b) -> b).orElseThrow() - first.getKey();
        return span == 0 ? Double.NaN : (last - first.getValue()) / 1024.0 * 1000 / span;
    }

    private static void drain(ReferenceQueue<ClassLoader> queue, Set<Reference<ClassLoader>> uncollected) {
        for (Reference<? extends ClassLoader> ref = queue.poll(); ref != null; ref = queue.poll()) {
            uncollected.remove(ref);
        }
    }

    private static ClassLoader currentLoader(Patchbay patchbay) {
        for (Bundle b : patchbay.bundleContext().getBundles()) {
            if (SYMBOLIC_NAME.equals(b.getSymbolicName())) {
                return b.adapt(BundleWiring.class).getClassLoader();
            }
        }
        throw new IllegalStateException(SYMBOLIC_NAME + " is not installed");
    }

    /** Used heap after repeated full collections, once it stops shrinking. */
    private static long retainedHeap() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50); // lets reference processing and finalisation run between collections
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= previous) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
