package io.patchbay.e2e.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running process a fleet test started (server, host): its output (stdout and stderr) goes to a log file
 * under target/, which outlives the run. {@link #close()} kills it, and its children, and waits (bounded).
 */
public final class ManagedProcess implements AutoCloseable {

    static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code directory}, appending its output to {@code log}. */
    public static ManagedProcess start(String name, List<String> command, Path directory, Path log,
                                       Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The last {@code lines} lines of the output, headed with the process's name and state. */
    public String tail(int lines) {
        String state = process.isAlive() ? "running" : "exited " + process.exitValue();
        return tailOf(log, name + " (pid " + process.pid() + ", " + state + ")", lines);
    }

    /** The last {@code lines} lines of {@code file} under a heading naming it. */
    static String tailOf(Path file, String heading, int lines) {
        List<String> all;
        try {
            all = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return "----- " + heading + ": cannot read " + file + ": " + e;
        }
        return "----- " + heading + ", last " + Math.min(lines, all.size()) + " of " + all.size() + " lines of "
                + file + "\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits for an output line matching {@code pattern} and returns its first group (or the whole match). */
    public String awaitOutput(Pattern pattern, Duration timeout) {
        String[] found = new String[1];
        Await.until(name + " prints " + pattern, timeout, () -> {
            Matcher m = pattern.matcher(output());
            if (m.find()) {
                found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before printing " + pattern);
            }
            return false;
        }, () -> tail(40));
        return found[0];
    }

    /** Counts the output's matches of {@code pattern}. */
    public long count(Pattern pattern) {
        return pattern.matcher(output()).results().count();
    }

    /** SIGKILL, as a crash or a pulled plug: no shutdown hook runs. Waits for the exit (bounded). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM (the process's clean shutdown), then SIGKILL if it has not ended within {@link #EXIT_WAIT}. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills it if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
