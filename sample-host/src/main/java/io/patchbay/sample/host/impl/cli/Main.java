package io.patchbay.sample.host.impl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar patchbay-sample-host.jar (serve | apply | demo | reset)}. */
@Command(name = "patchbay-sample-host", mixinStandardHelpOptions = true, version = "Patchbay sample host 0.1.0",
        description = "A small HTTP service that embeds Patchbay and takes live, signed patches.",
        subcommands = {ServeCommand.class, ApplyCommand.class, DemoCommand.class, ResetCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests that run it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: serve, apply, demo or reset");
    }
}
