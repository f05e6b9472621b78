package io.patchbay.e2e.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code update-manager/bin/patchbay} as an operator does, one process per command, with
 * {@code PATCHBAY_CONFIG} set to the server's {@code operator.json}. Every run is appended to {@code cli.log}.
 */
public final class OperatorCli {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** One finished command. */
    public record Result(List<String> args, int exit, String out, String err) {
        public JsonNode json() {
            if (exit != 0) {
                throw new AssertionError("patchbay " + String.join(" ", args) + " exited " + exit + ": " + err);
            }
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("patchbay " + String.join(" ", args) + " printed no JSON: " + out, e);
            }
        }
    }

    private final Path directory;
    private final Map<String, String> environment;
    private int runs;

    /** {@code config}: the operator.json the admin commands read (null before init). */
    public OperatorCli(Path directory, Path config) {
        this.directory = directory;
        this.environment = config == null ? Map.of() : Map.of("PATCHBAY_CONFIG", config.toString());
    }

    public Path log() {
        return directory.resolve("cli.log");
    }

    /** The command line to start a long-running command (server start) as a {@link ManagedProcess}. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Layout.patchbayCli().toString()));
        command.addAll(List.of(args));
        return command;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Runs one command to its end (bounded) and returns what it printed. */
    public synchronized Result run(String... args) {
        int n = ++runs;
        Path out = directory.resolve("cli-" + n + ".out");
        Path err = directory.resolve("cli-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("patchbay " + String.join(" ", args) + " did not end within " + COMMAND_TIMEOUT);
            }
            Result result = new Result(List.of(args), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.writeString(log(), java.time.LocalTime.now() + " $ patchbay " + String.join(" ", args) + "   (exit "
                    + result.exit() + ", " + (System.nanoTime() - started) / 1_000_000 + " ms)\n"
                    + result.out() + result.err(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command that must succeed and print JSON ({@code --json} is appended). */
    public JsonNode json(String... args) {
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return run(withJson).json();
    }

    /** Runs a command that must succeed. */
    public Result ok(String... args) {
        Result result = run(args);
        if (result.exit() != 0) {
            throw new AssertionError("patchbay " + String.join(" ", args) + " exited " + result.exit() + ": "
                    + result.err() + result.out());
        }
        return result;
    }
}
