package io.patchbay.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class in its own JVM, on this JVM's class path, started lean (C1 only, shared class data, serial GC) so
 * each start costs about a second. Its stdout is read line by line; its stderr (typically its log) goes to a file
 * named in every failure message. Tests use it to SIGKILL a host mid-swap, or to let a bundle end the process.
 */
public final class ChildJvm implements AutoCloseable {

    /** Exit status of a process ended by SIGKILL (128 + 9). */
    public static final int KILLED_BY_SIGKILL = 137;

    private static final String END_OF_OUTPUT = "\u0000end-of-output";

    private final Process process;
    private final Path log;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readOutput, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} with {@code jvmOptions} (system properties, say) and {@code args}.
     *
     * @param log where the child's stderr goes
     */
    public static ChildJvm start(Path log, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xmx256m"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            return new ChildJvm(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM", e);
        }
    }

    /**
     * Waits for the first output line that {@code wanted} accepts; fails if the child ends, or prints
     * {@code stop} first, or {@code timeout} passes.
     */
    public String awaitLine(Predicate<String> wanted, Predicate<String> stop, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    dumpThreads();
                    throw failure("no expected line within " + timeout + " (its thread dump is in stdout)");
                }
                if (line.equals(END_OF_OUTPUT)) {
                    throw failure("the child ended before printing the expected line");
                }
                if (wanted.test(line)) {
                    return line;
                }
                if (stop.test(line)) {
                    throw failure("the child printed \"" + line + "\" before the expected line");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted");
        }
    }

    /** Waits (bounded) for the child to exit by itself and returns everything it printed. */
    public List<String> awaitExit(int expectedStatus, Duration timeout) {
        int status = waitFor(timeout);
        if (status != expectedStatus) {
            throw failure("exit status " + status + ", expected " + expectedStatus);
        }
        drain(timeout);
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Kills the child with SIGKILL and returns its exit status. */
    public int kill(Duration timeout) {
        process.destroyForcibly();
        return waitFor(timeout);
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public AssertionError failure(String what) {
        String output;
        synchronized (lines) {
            output = String.join("\n    ", lines);
        }
        return new AssertionError("child JVM " + process.pid() + ": " + what + "\n  stdout:\n    " + output
                + "\n  stderr (log): " + log + "\n" + logTail());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /**
     * Asks a stuck child for a thread dump (SIGQUIT), which the JVM prints to its stdout, and waits
     * (bounded) for its end so the failure message shows where the child hangs.
     */
    private void dumpThreads() {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (String line = ""; line != null && !line.contains("JNI global refs"); ) {
                long left = deadline - System.nanoTime();
                line = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
            }
        } catch (IOException e) {
            // No thread dump then; the failure still says what was expected.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Surefire's test class path (test classes and dependencies), else this JVM's own. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure("still running after " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted");
        }
    }

    private void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            String line;
            do {
                long left = deadline - System.nanoTime();
                line = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
            } while (line != null && !line.equals(END_OF_OUTPUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                }
                pending.add(line);
            }
        } catch (IOException ignored) {
            // The stream ends when the child is killed; what was read so far stays in lines.
        } finally {
            pending.add(END_OF_OUTPUT);
        }
    }

    private String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "    " + String.join("\n    ", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "    (cannot read the log: " + e.getMessage() + ")";
        }
    }
}
