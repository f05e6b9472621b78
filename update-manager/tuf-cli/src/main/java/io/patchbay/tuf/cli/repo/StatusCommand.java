package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.repo.KeyRing;
import io.patchbay.tuf.repo.TufRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "status", description = "Versions, expiries, keys and valid signatures of every role; staged work.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "DIR")
    Path repo;

    private final Clock clock;

    StatusCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        TufRepository.open(repo, KeyRing.at(repo.resolve("no-keys-needed")), clock).status()
                .forEach(spec.commandLine().getOut()::println);
        return 0;
    }
}
