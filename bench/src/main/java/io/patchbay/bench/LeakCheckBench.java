package io.patchbay.bench;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path v1 = BenchFiles.bundle("padded-v1");
        Path v2 = BenchFiles.bundle("padded-v2");
        Patch toV2 = Patch.of(v2);
        Patch toV1 = Patch.of(v1).withDowngradeAllowed();
        Path work = BenchFiles.tempDir("patchbay-bench-leak");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        try (Patchbay patchbay = BenchFiles.runtime(work, List.of(v1)).start()) {
            long baseline = 0;
            for (int i = 0; i < warmup + cycles; i++) {
                if (i == warmup) {
                    baseline = retainedHeap();
                }
                SwapResult r = patchbay.apply(i % 2 == 0 ? toV2 : toV1);
                if (!r.committed()) {
                    throw new IllegalStateException("swap " + i + " failed: " + r.cause());
                }
                loaders.add(new WeakReference<>(currentLoader(patchbay)));
            }
            long after = retainedHeap();
            long live = loaders.stream().filter(ref -> ref.get() != null).count();
            new Table("Leak check: " + cycles + " swap cycles (+" + warmup + " warm-up) of " + SYMBOLIC_NAME,
                    "metric", "value", "target")
                    .row("bundle class loaders created", loaders.size(), "-")
                    .row("still reachable after full GC", live, "1 (the current revision)")
                    .row("retained heap after warm-up (MiB)", baseline / 1048576.0, "-")
                    .row("retained heap after cycles (MiB)", after / 1048576.0, "-")
                    .row("growth per 1,000 cycles (KiB)", (after - baseline) / 1024.0 * 1000 / cycles, "~0")
                    .print();
            return live <= 1 ? 0 : 1;
        } finally {
            BenchFiles.deleteTree(work);
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
