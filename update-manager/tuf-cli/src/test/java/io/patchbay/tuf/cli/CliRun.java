package io.patchbay.tuf.cli;

import io.patchbay.tuf.api.Fetcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** One in-process run of a command line: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun tufClient(Clock clock, UnaryOperator<Fetcher> decorator, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TufClientMain.run(args, clock, decorator, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun patchbayRepo(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatchbayRepoMain.run(args, clock, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
}
