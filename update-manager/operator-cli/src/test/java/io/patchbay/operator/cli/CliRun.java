package io.patchbay.operator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the command line: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {

    static CliRun run(Io.StopSignal stop, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PatchbayMain.run(args, new Io(new PrintWriter(out, true), new PrintWriter(err, true), false, stop));
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(server -> {
            throw new AssertionError("not a server test");
        }, args);
    }

    /**
     * {@code command} (one word, or a command and its subcommand: "admin-token create"), then the shared options
     * {@code common}, then {@code rest}.
     */
    static String[] args(List<String> common, String command, String... rest) {
        List<String> all = new ArrayList<>(List.of(command.split(" ")));
        all.addAll(common);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** The stderr of a failure: exactly one line, no stack trace. */
    String oneErrorLine() {
        String trimmed = err.strip();
        if (trimmed.isEmpty() || trimmed.contains("\n") || trimmed.contains("\tat ")) {
            throw new AssertionError("expected one error line, got: " + err);
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
