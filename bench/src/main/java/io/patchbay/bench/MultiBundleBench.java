package io.patchbay.bench;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.testsupport.RawFelix;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.osgi.framework.Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How a patch's cost grows with its size: patches of 1, 5 and 20 bundles (each ~20 KB, signed with an RSA 3072
 * publisher key generated here) against raw Felix updating the same bundles and refreshing them once, alternating
 * in rounds so both see the same machine.
 */
@Command(name = "multi", description = "Patches of 1, 5 and 20 bundles against raw Felix update + one refresh.")
final class MultiBundleBench implements Callable<Integer> {
    private static final int[] SIZES = {1, 5, 20};

    @Option(names = "--swaps", description = "Measured swaps per size and contender (default ${DEFAULT-VALUE}).")
    int swaps = 60;

    @Option(names = "--warmup", description = "Unmeasured swaps per size and contender (default ${DEFAULT-VALUE}).")
    int warmup = 20;

    @Override
    public Integer call() throws Exception {
        TestPki.Identity publisher = TestPki.rsaPublisher("CN=Bench Publisher");
        Table table = new Table("Patch of N bundles (~20 KB each), " + swaps + " swaps each (ms)",
                "bundles", "raw p50", "raw p99", "Patchbay p50", "Patchbay p99", "ratio p50", "ratio p99",
                "Patchbay p50 per bundle");
        for (int size : SIZES) {
            List<byte[]> v1 = bundles(size, "1.0.0", publisher);
            List<byte[]> v2 = bundles(size, "1.0.1", publisher);
            Path work = BenchFiles.tempDir("patchbay-bench-multi");
            long[] raw = new long[swaps];
            long[] pb = new long[swaps];
            try (RawFelix felix = RawFelix.open(work.resolve("raw"), "", true);
                 Patchbay patchbay = Patchbay.builder().dataDirectory(work.resolve("pb"))
                         .trustPublisher(publisher.certificate()).start()) {
                List<Bundle> rawBundles = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    rawBundles.add(felix.install("bench:b" + i, v1.get(i)));
                }
                expectCommitted(patchbay.apply(patch("initial", v1, false)));
                for (int i = 0; i < warmup + swaps; i++) {
                    List<byte[]> next = i % 2 == 0 ? v2 : v1;
                    long t0 = System.nanoTime();
                    for (int b = 0; b < size; b++) {
                        rawBundles.get(b).update(new ByteArrayInputStream(next.get(b)));
                    }
                    felix.refresh(rawBundles);
                    long t1 = System.nanoTime();
                    expectCommitted(patchbay.apply(patch("swap " + i, next, i % 2 == 1)));
                    long t2 = System.nanoTime();
                    if (i >= warmup) {
                        raw[i - warmup] = t1 - t0;
                        pb[i - warmup] = t2 - t1;
                    }
                }
            } finally {
                BenchFiles.deleteTree(work);
            }
            Stats r = Stats.of(raw);
            Stats p = Stats.of(pb);
            table.row(size, r.p50(), r.p99(), p.p50(), p.p99(), p.p50() / r.p50(), p.p99() / r.p99(), p.p50() / size);
        }
        table.print();
        return 0;
    }

    private static List<byte[]> bundles(int count, String version, TestPki.Identity publisher) {
        List<byte[]> jars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] filler = new byte[20 * 1024];
            new Random(31L * i + version.hashCode()).nextBytes(filler);
            jars.add(TestJars.bundle("bench.multi.b" + i, version).entry("payload/filler.bin", filler)
                    .signedBy(publisher));
        }
        return jars;
    }

    private static Patch patch(String label, List<byte[]> jars, boolean downgrade) {
        List<Patch.Artifact> artifacts = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            artifacts.add(new Patch.Artifact("b" + i + ".jar", jars.get(i), null));
        }
        return new Patch(label, artifacts, downgrade);
    }

    private static void expectCommitted(SwapResult r) {
        if (!r.committed()) {
            throw new IllegalStateException("swap did not commit: " + r.outcome() + " " + r.cause());
        }
    }
}
