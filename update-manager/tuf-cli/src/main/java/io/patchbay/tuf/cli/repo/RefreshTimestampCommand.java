package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.repo.TufRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "refresh-timestamp", description = "Publish a new timestamp (and with --snapshot a new snapshot) "
        + "with a renewed expiry. Meant for a timer with the online keys.")
final class RefreshTimestampCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOptions options;

    @Option(names = "--snapshot", description = "Also write a new snapshot version.")
    boolean snapshot;

    private final Clock clock;

    RefreshTimestampCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        TufRepository repo = options.open(clock);
        if (snapshot) {
            repo.touch("snapshot");
        }
        return RepoOptions.report(repo.publish(), spec.commandLine().getOut());
    }
}
