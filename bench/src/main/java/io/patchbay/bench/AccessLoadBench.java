package io.patchbay.bench;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.sample.feature.api.Greeter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Calls through the service access point from several threads while the providing bundle is swapped
 * back and forth: counts failed calls (target 0) and reports call latency, with a no-swap baseline
 * measured in the same run.
 */
@Command(name = "access", description = "Failed calls and call latency through ServiceAccess during swaps.")
final class AccessLoadBench implements Callable<Integer> {

    @Option(names = "--threads", description = "Calling threads (default ${DEFAULT-VALUE}).")
    int threads = 8;

    @Option(names = "--swaps", description = "Swaps while under load (default ${DEFAULT-VALUE}).")
    int swaps = 200;

    @Option(names = "--baseline-ms", description = "Load without swaps, for comparison (default ${DEFAULT-VALUE}).")
    long baselineMillis = 3_000;

    @Override
    public Integer call() throws Exception {
        Path formatter = BenchFiles.bundle("formatter");
        Path v1 = BenchFiles.bundle("greeter");
        Path v2 = BenchFiles.bundle("greeter-update");
        Patch toV2 = Patch.of(v2);
        Patch toV1 = Patch.of(v1).withDowngradeAllowed();
        Path work = BenchFiles.tempDir("patchbay-bench-access");
        try (Patchbay patchbay = BenchFiles.runtime(work, List.of(formatter, v1)).start()) {
            ServiceAccess<Greeter> greeter = patchbay.service(Greeter.class);
            Load baseline = Load.run(greeter, threads, () -> sleep(baselineMillis));
            long[] swapNanos = new long[swaps];
            Load swapping = Load.run(greeter, threads, () -> {
                for (int i = 0; i < swaps; i++) {
                    long t0 = System.nanoTime();
                    SwapResult r = patchbay.apply(i % 2 == 0 ? toV2 : toV1);
                    swapNanos[i] = System.nanoTime() - t0;
                    if (!r.committed()) {
                        throw new IllegalStateException("swap failed: " + r.cause());
                    }
                }
            });
            new Table("Service access under load: " + threads + " threads, " + swaps + " swaps of the providing bundle",
                    "phase", "calls", "failed", "p50 µs", "p99 µs", "p99.9 µs", "max ms")
                    .row("no swaps (baseline)", baseline.histogram.count(), baseline.failures.get(),
                            micros(baseline.histogram.percentileMillis(50)),
                            micros(baseline.histogram.percentileMillis(99)),
                            micros(baseline.histogram.percentileMillis(99.9)), baseline.histogram.maxMillis())
                    .row("swapping", swapping.histogram.count(), swapping.failures.get(),
                            micros(swapping.histogram.percentileMillis(50)),
                            micros(swapping.histogram.percentileMillis(99)),
                            micros(swapping.histogram.percentileMillis(99.9)), swapping.histogram.maxMillis())
                    .print();
            Stats s = Stats.of(swapNanos);
            System.out.printf("swap latency under load: p50 %.2f ms, p99 %.2f ms%n", s.p50(), s.p99());
            if (swapping.firstFailure != null) {
                System.out.println("first failure: " + swapping.firstFailure);
            }
            return swapping.failures.get() == 0 ? 0 : 1;
        } finally {
            BenchFiles.deleteTree(work);
        }
    }

    private static long micros(double millis) {
        return Math.round(millis * 1000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs callers until {@code driver} returns, then joins them. */
    private static final class Load {
        final LatencyHistogram histogram = new LatencyHistogram();
        final AtomicLong failures = new AtomicLong();
        volatile Throwable firstFailure;

        static Load run(ServiceAccess<Greeter> greeter, int threads, Runnable driver) throws InterruptedException {
            Load load = new Load();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> callers = new ArrayList<>();
            List<LatencyHistogram> perThread = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                LatencyHistogram h = new LatencyHistogram();
                perThread.add(h);
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try {
                            String answer = greeter.call(g -> g.greet("bench"));
                            if (answer == null || !answer.toLowerCase(java.util.Locale.ROOT).contains("bench")) {
                                throw new IllegalStateException("bad answer: " + answer);
                            }
                        } catch (RuntimeException e) {
                            if (load.failures.getAndIncrement() == 0) {
                                load.firstFailure = e;
                            }
                        }
                        h.record(System.nanoTime() - t0);
                    }
                }, "caller-" + t);
                callers.add(th);
                th.start();
            }
            try {
                driver.run();
            } finally {
                stop.set(true);
                for (Thread th : callers) {
                    th.join();
                }
            }
            perThread.forEach(load.histogram::merge);
            return load;
        }
    }
}
