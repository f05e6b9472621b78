package io.patchbay.bench;

import io.patchbay.bench.jmh.EntitlementsBench;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the JMH benchmark of the entitlements check ({@link EntitlementsBench}); JMH prints its own table. */
@Command(name = "entitlements", description = "JMH: the Entitlements / FeatureGate check in ns/op (target <= 50 ns).")
final class EntitlementsJmh implements Callable<Integer> {

    @Option(names = "--smoke", description = "One short iteration each (a few seconds), to see that it runs.")
    boolean smoke;

    @Option(names = "--benchmark", description = "Only benchmarks whose name matches this regular expression.",
            defaultValue = "")
    String only;

    @Override
    public Integer call() throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(EntitlementsBench.class.getName() + (only.isEmpty() ? "" : "." + only));
        if (smoke) {
            options.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1)).param("features", "4");
        }
        new Runner(options.build()).run();
        return 0;
    }
}
