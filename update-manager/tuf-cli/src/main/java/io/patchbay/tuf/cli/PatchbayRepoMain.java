package io.patchbay.tuf.cli;

import io.patchbay.tuf.cli.repo.PatchbayRepoCommand;

import java.io.PrintWriter;
import java.time.Clock;

/** Entry point of bin/patchbay-repo. */
public final class PatchbayRepoMain {

    private PatchbayRepoMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Clock.systemUTC(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, Clock clock, PrintWriter out, PrintWriter err) {
        return Cli.configure(PatchbayRepoCommand.create(clock), "patchbay-repo", out, err).execute(args) == 0 ? 0 : 1;
    }
}
