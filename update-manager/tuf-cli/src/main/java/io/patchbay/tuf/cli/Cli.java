package io.patchbay.tuf.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Shared picocli set-up: errors become one line on stderr and exit code 1, never a stack trace. */
final class Cli {

    private Cli() {
    }

    static CommandLine configure(CommandLine cl, String name, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(name + ": " + describe(e));
            commandLine.getErr().flush();
            return 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(name + ": " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + name + " --help' for more information.");
            e.getCommandLine().getErr().flush();
            return 1;
        });
        return cl;
    }

    /** Parses {@code args} with picocli into {@code command} and runs it; 0 on success, 1 on any failure. */
    static int execute(Object command, String name, String[] args, PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(command), name, out, err).execute(args) == 0 ? 0 : 1;
    }

    /** "SignatureThresholdException: timestamp version 3: 0 valid signature(s) ..." */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }
}
