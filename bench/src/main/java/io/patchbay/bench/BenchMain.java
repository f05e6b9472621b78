package io.patchbay.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs the framework benchmarks; each prints a table. See bench/RESULTS.md. */
@Command(name = "patchbay-bench", mixinStandardHelpOptions = true,
        subcommands = {SwapLatencyBench.class, MultiBundleBench.class, AccessLoadBench.class, LeakCheckBench.class,
                VerifyBench.class, HostileJarBench.class, EntitlementsJmh.class, BenchMain.All.class},
        description = "Patchbay framework benchmarks.")
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Command(name = "all", description = "Runs swap, multi, access, leak, verify and hostile with their defaults.")
    static final class All implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            int rc = new SwapLatencyBench().call();
            rc |= new MultiBundleBench().call();
            rc |= new AccessLoadBench().call();
            rc |= new LeakCheckBench().call();
            rc |= new VerifyBench().call();
            rc |= new HostileJarBench().call();
            return rc;
        }
    }
}
