package io.patchbay.bench;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.VerifyLimits;
import io.patchbay.testsupport.HostileJars;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the publisher gate takes to refuse hostile jars of at most 16 MB (zip bombs, floods, oversized and
 * inconsistent jars; see {@link HostileJars}), built from the signed padded bundle. The gate first verifies the
 * padded bundle for a while, as a running runtime would have; then each jar is verified once (first) and again
 * {@code --repeats} times. A jar the gate accepts fails the benchmark.
 */
@Command(name = "hostile", description = "Verification time of hostile jars (at most 16 MB) until refused.")
final class HostileJarBench implements Callable<Integer> {
    static final int BUDGET = 16_000_000;

    @Option(names = "--repeats", description = "Measured refusals per jar after the first (default ${DEFAULT-VALUE}).")
    int repeats = 20;

    @Option(names = "--warmup", description = "Verifications of the padded bundle first (default ${DEFAULT-VALUE}).")
    int warmup = 2000;

    @Override
    public Integer call() throws Exception {
        byte[] padded = Files.readAllBytes(BenchFiles.bundle("padded"));
        PublisherGate gate = PublisherKeys.gate();
        for (int i = 0; i < warmup; i++) {
            gate.verify("padded.jar", padded);
        }
        // sized against the default limits: floods just under the entry limit, a bomb just under the inflated total
        VerifyLimits limits = VerifyLimits.DEFAULTS;
        List<HostileJars.Shape> shapes = HostileJars.all(padded, "payload/padding.bin", BUDGET, limits.maxEntries(),
                (int) (limits.maxTotalInflatedBytes() >> 20) - 1);
        Table table = new Table("Hostile jars (at most " + BUDGET / 1_000_000 + " MB) refused by the publisher gate (ms)",
                "jar", "MB", "first", "p50", "max", "refused as");
        double worst = 0;
        String worstName = "";
        for (HostileJars.Shape shape : shapes) {
            long[] nanos = new long[repeats];
            double first = refuse(gate, shape) / 1e6;
            for (int i = 0; i < repeats; i++) {
                nanos[i] = refuse(gate, shape);
            }
            Stats s = Stats.of(nanos);
            double shapeWorst = Math.max(first, s.maxMillis());
            if (shapeWorst > worst) {
                worst = shapeWorst;
                worstName = shape.name();
            }
            table.row(shape.name(), String.format("%.1f", shape.jar().length / 1e6), first, s.p50(), s.maxMillis(),
                    reason(gate, shape));
        }
        table.print();
        System.out.printf("worst: %.1f ms (%s)%n", worst, worstName);
        return worst < 1000 ? 0 : 1;
    }

    private static long refuse(PublisherGate gate, HostileJars.Shape shape) {
        long t0 = System.nanoTime();
        try {
            gate.verify("hostile.jar", shape.jar());
        } catch (BundleRejectedException expected) {
            return System.nanoTime() - t0;
        }
        throw new IllegalStateException("the gate accepted a hostile jar: " + shape.name());
    }

    private static String reason(PublisherGate gate, HostileJars.Shape shape) {
        try {
            gate.verify("hostile.jar", shape.jar());
            return "ACCEPTED";
        } catch (BundleRejectedException e) {
            return e.reason().toString();
        }
    }
}
