package io.patchbay.tuf.cli.repo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.Clock;

/** patchbay-repo: operator tooling over {@link io.patchbay.tuf.repo.TufRepository}. */
@Command(name = "patchbay-repo", mixinStandardHelpOptions = true, version = "patchbay-repo 0.1.0",
        description = "Build and maintain a TUF 1.0 repository of static files (metadata/, targets/).")
public final class PatchbayRepoCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PatchbayRepoCommand() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The command tree; {@code clock} stamps every new version's expiry. */
    public static CommandLine create(Clock clock) {
        CommandLine cl = new CommandLine(new PatchbayRepoCommand());
        cl.addSubcommand(new KeygenCommand());
        cl.addSubcommand(new InitCommand(clock));
        cl.addSubcommand(new AddTargetCommand(clock));
        cl.addSubcommand(new DelegateCommand(clock));
        cl.addSubcommand(new SignCommand(clock));
        cl.addSubcommand(new RefreshTimestampCommand(clock));
        cl.addSubcommand(new RotateCommand(clock));
        cl.addSubcommand(new StatusCommand(clock));
        cl.setExecutionStrategy(new CommandLine.RunLast());
        return cl;
    }
}
