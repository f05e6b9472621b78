package io.patchbay.tuf.cli;

import io.patchbay.tuf.repo.testing.RepoSimulator;
import io.patchbay.tuf.repo.InitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real bin/tuf-client launcher as a process (needs target/lib, which the build copies before the
 * tests), and under Debian's faketime (apt package "faketime") when it is installed.
 */
class LauncherTest {

    static final Path LAUNCHER = Path.of("..", "bin", "tuf-client").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Result(int code, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static List<String> cmd(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void assumeLauncherBuilt() {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isDirectory(Path.of("target", "lib")),
                "launcher or target/lib missing (run mvn install)");
    }

    @Test
    void initRefreshDownloadThroughTheLauncher() throws Exception {
        assumeLauncherBuilt();
        try (RepoSimulator sim = RepoSimulator.start(tmp, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                s -> InitOptions.defaults())) {
            sim.addTarget("dir/hello world.txt", "hello", null);
            Path root = Files.write(tmp.resolve("root.json"), sim.rootBytes(1));
            String md = sim.clientMetadataDir().toString();
            assertEquals(0, run(cmd(List.of(), "--metadata-dir", md, "init", root.toString())).code());
            Result download = run(cmd(List.of(), "--metadata-dir", md, "--metadata-url", sim.server().metadataUrl(),
                    "--target-name", "dir/hello world.txt", "--target-base-url", sim.server().targetsUrl(),
                    "--target-dir", sim.clientTargetDir().toString(), "download"));
            assertEquals(0, download.code(), download.output());
            assertEquals("hello", Files.readString(sim.clientTargetDir().resolve("dir%2Fhello%20world.txt")));
            Result missing = run(cmd(List.of(), "--metadata-dir", md, "--metadata-url", sim.server().metadataUrl(),
                    "--target-name", "nope", "--target-base-url", sim.server().targetsUrl(),
                    "--target-dir", sim.clientTargetDir().toString(), "download"));
            assertEquals(1, missing.code(), missing.output());
        }
    }

    @Test
    void anExpiredRepositoryFailsUnderFaketimeAndPassesOnceRenewed() throws Exception {
        assumeLauncherBuilt();
        assumeTrue(new File("/usr/bin/faketime").canExecute(), "faketime not installed (apt-get install -y faketime)");
        try (RepoSimulator sim = RepoSimulator.start(tmp, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                s -> InitOptions.defaults())) {
            Path root = Files.write(tmp.resolve("root.json"), sim.rootBytes(1));
            String md = sim.clientMetadataDir().toString();
            assertEquals(0, run(cmd(List.of(), "--metadata-dir", md, "init", root.toString())).code());
            String[] refresh = {"--metadata-dir", md, "--metadata-url", sim.server().metadataUrl(), "refresh"};
            assertEquals(0, run(cmd(List.of(), refresh)).code());
            // Two days later the one-day timestamp has expired.
            List<String> inTwoDays = List.of("env", "FAKETIME_DONT_FAKE_MONOTONIC=1", "faketime", "-f", "+2d");
            Result expired = run(cmd(inTwoDays, refresh));
            assertEquals(1, expired.code(), expired.output());
            assertEquals(true, expired.output().contains("ExpiredMetadataException"), expired.output());
            // The repository renews its timestamp "two days later": the same faked time passes again.
            sim.clock().advance(Duration.ofDays(2));
            sim.repo().touch("timestamp");
            sim.repo().touch("snapshot");
            sim.publish();
            Result renewed = run(cmd(inTwoDays, refresh));
            assertEquals(0, renewed.code(), renewed.output());
        }
    }
}
