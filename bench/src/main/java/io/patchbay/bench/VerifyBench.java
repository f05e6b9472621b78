package io.patchbay.bench;

import io.patchbay.framework.impl.verify.PublisherGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * VERIFY alone, before and after it verified from memory: the publisher gate on the padded bundle against the
 * JDK's own JAR verification of a temporary copy (what the gate did before), in alternating rounds so both see the
 * same machine.
 */
@Command(name = "verify", description = "VERIFY of the padded bundle: the gate now vs the JDK JarFile path it replaced.")
final class VerifyBench implements Callable<Integer> {

    @Option(names = "--iterations", description = "Measured verifications per contender (default ${DEFAULT-VALUE}).")
    int iterations = 4000;

    @Option(names = "--warmup", description = "Unmeasured verifications per contender (default ${DEFAULT-VALUE}).")
    int warmup = 2000;

    @Option(names = "--round", description = "Verifications per contender before switching (default ${DEFAULT-VALUE}).")
    int round = 200;

    @Override
    public Integer call() throws Exception {
        byte[] jar = Files.readAllBytes(BenchFiles.bundle("padded"));
        Path temp = BenchFiles.tempDir("patchbay-bench-jdk-verify");
        try {
            PublisherGate gate = PublisherKeys.gate();
            JdkJarVerify jdk = new JdkJarVerify(temp, PublisherKeys.trusted());
            String expected = gate.verify("padded.jar", jar).sha256();
            if (!expected.equals(jdk.verify(jar))) {
                throw new IllegalStateException("the two paths disagree on the jar");
            }
            for (int i = 0; i < warmup; i++) {
                gate.verify("padded.jar", jar);
                jdk.verify(jar);
            }
            long[] now = new long[iterations];
            long[] before = new long[iterations];
            for (int done = 0; done < iterations; done += round) {
                for (int i = done; i < Math.min(iterations, done + round); i++) {
                    long t0 = System.nanoTime();
                    gate.verify("padded.jar", jar);
                    now[i] = System.nanoTime() - t0;
                }
                for (int i = done; i < Math.min(iterations, done + round); i++) {
                    long t0 = System.nanoTime();
                    jdk.verify(jar);
                    before[i] = System.nanoTime() - t0;
                }
            }
            Stats n = Stats.of(now);
            Stats b = Stats.of(before);
            new Table("VERIFY of the padded bundle (" + jar.length / 1024 + " KB), " + iterations + " each (ms)",
                    "path", "p50", "p90", "p99")
                    .row("before: JDK JarFile on a temporary copy", b.p50(), b.percentileMillis(90), b.p99())
                    .row("now: PublisherGate.verify from memory", n.p50(), n.percentileMillis(90), n.p99())
                    .row("ratio now/before", n.p50() / b.p50(), n.percentileMillis(90) / b.percentileMillis(90), n.p99() / b.p99())
                    .print();
            return 0;
        } finally {
            BenchFiles.deleteTree(temp);
        }
    }
}
