package io.patchbay.operator.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/** Entry point of bin/patchbay. */
public final class PatchbayMain {
    static final String NAME = "patchbay";

    private PatchbayMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // The embedded server's log goes to stderr; only warnings unless the operator asks for more.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Io io = new Io(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console() != null,
                PatchbayMain::untilSignalled);
        System.exit(run(args, io));
    }

    /** Runs one command line; the exit code (see {@link CliException}). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, new Io(out, err, false, PatchbayMain::untilSignalled));
    }

    static int run(String[] args, Io io) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = PatchbayCommand.create(io);
        cl.setOut(io.out());
        cl.setErr(io.err());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable failure = e instanceof CommandLine.ParameterException p ? p : e;
            if (failure instanceof CommandLine.ParameterException p) {
                return usage(p, verbose);
            }
            err.println(NAME + ": " + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof CliException c ? c.exitCode() : CliException.FAILED;
        });
        cl.setParameterExceptionHandler((e, ignored) -> usage(e, verbose));
        return cl.execute(args);
    }

    private static int usage(CommandLine.ParameterException e, boolean verbose) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(NAME + ": " + e.getMessage() + " (try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help')");
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return CliException.USAGE;
    }

    static String describe(Throwable e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        String message = e.getMessage() == null ? "" : ": " + Table.oneLine(e.getMessage());
        return e.getClass().getSimpleName() + message;
    }

    /** Blocks until SIGINT/SIGTERM: the shutdown hook closes the server, then lets the JVM end. */
    private static void untilSignalled(AutoCloseable server) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                System.err.println(NAME + ": server stopped");
            } catch (Exception e) {
                System.err.println(NAME + ": stopping the server failed: " + describe(e));
            } finally {
                closed.countDown();
            }
        }, "patchbay-shutdown"));
        closed.await();
    }
}
