package io.patchbay.operator.cli;

import java.io.PrintWriter;

/**
 * Where a command writes and how {@code server start} waits: the real streams and a shutdown hook in
 * {@link PatchbayMain}, captured writers and a latch in tests.
 *
 * @param terminal whether stderr is a terminal (progress bars are drawn only then)
 * @param stop     blocks until the server should stop (SIGINT/SIGTERM for the real command line)
 */
record Io(PrintWriter out, PrintWriter err, boolean terminal, StopSignal stop) {

    /** Blocks {@code server start} until it should stop, then closes the server (exactly once). */
    interface StopSignal {
        void awaitThenClose(AutoCloseable server) throws Exception;
    }
}
