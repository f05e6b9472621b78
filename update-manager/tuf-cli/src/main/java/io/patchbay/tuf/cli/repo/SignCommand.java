package io.patchbay.tuf.cli.repo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "sign", description = "Add this ring's signatures to a staged role and publish once thresholds are met; "
        + "with nothing staged, re-sign the role as a new version with a renewed expiry.")
final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOptions options;

    @Option(names = "--role", required = true, paramLabel = "ROLE")
    String role;

    private final Clock clock;

    SignCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return RepoOptions.report(options.open(clock).sign(role), spec.commandLine().getOut());
    }
}
