package io.patchbay.tuf.cli;

import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.cli.client.TufClientCommand;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** Entry point of bin/tuf-client. */
public final class TufClientMain {

    private TufClientMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Clock.systemUTC(), UnaryOperator.identity(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command in-process; returns 0 on success and 1 on any failure (the protocol's exit codes). */
    public static int run(String[] args, Clock clock, UnaryOperator<Fetcher> fetcherDecorator, PrintWriter out,
                          PrintWriter err) {
        TufClientCommand command = new TufClientCommand(clock, fetcherDecorator);
        int plain = command.runPlain(args, out, err);
        if (plain >= 0) {
            return plain;
        }
        return Cli.execute(command, "tuf-client", args, out, err);
    }
}
