package io.patchbay.sdk.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Maven and the JDK's tools the way a developer does on their own machine: this build's Maven, offline,
 * against the local repository this build installed to. Every run is bounded, so a prompt nobody answers fails
 * the test instead of hanging it.
 */
final class NestedBuild {
    static final Duration BOUND = Duration.ofSeconds(240);
    static final String VERSION = System.getProperty("patchbay.it.version", "0.1.0-SNAPSHOT");
    static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    static final String JARSIGNER = Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString();

    /** What a run printed (stdout and stderr), its exit status and how long it took. */
    record Result(int exit, String output, Duration took) {
        Result expectSuccess() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ":\n" + output);
            }
            return this;
        }
    }

    /** How the child's stdin is left: closed at once, or open with nobody ever typing. */
    enum Stdin { CLOSED, SILENT }

    private NestedBuild() {
    }

    /** {@code mvn -B -o -Dmaven.repo.local=<this build's> args...} in {@code dir}. */
    static Result maven(Path dir, Map<String, String> env, Stdin stdin, String... args) throws Exception {
        List<String> line = new ArrayList<>();
        line.add(System.getProperty("patchbay.it.maven", "mvn"));
        line.add("-B");
        line.add("-o");
        String repository = System.getProperty("patchbay.it.localRepository");
        if (repository != null && !repository.isBlank()) {
            line.add("-Dmaven.repo.local=" + repository);
        }
        line.addAll(List.of(args));
        return run(dir, env, stdin, line);
    }

    static Result tool(Path dir, Map<String, String> env, String... command) throws Exception {
        return run(dir, env, Stdin.CLOSED, List.of(command));
    }

    private static Result run(Path dir, Map<String, String> env, Stdin stdin, List<String> line) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true);
        // A developer's shell has none of these unless they export them: the tests decide what is set.
        builder.environment().keySet().removeIf(name -> name.startsWith("PATCHBAY_"));
        builder.environment().putAll(env);
        Path log = Files.createTempFile("nested-", ".log");
        try {
            builder.redirectOutput(log.toFile());
            long start = System.nanoTime();
            Process process = builder.start();
            if (stdin == Stdin.CLOSED) {
                process.getOutputStream().close();
            }
            boolean ended = process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!ended) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", line) + " did not finish within " + BOUND
                        + " (waiting on stdin?):\n" + Files.readString(log));
            }
            process.getOutputStream().close();
            return new Result(process.exitValue(), Files.readString(log), took);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(file + " unreadable", e);
        }
    }
}
