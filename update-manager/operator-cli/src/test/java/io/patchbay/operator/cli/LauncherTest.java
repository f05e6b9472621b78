package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the real bin/patchbay as a process (needs target/lib, which the build copies before the tests). */
class LauncherTest {
    static final Path LAUNCHER = Path.of("..", "bin", "patchbay").toAbsolutePath().normalize();

    static CliRun launch(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = LAUNCHER.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
        return new CliRun(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void helpRunsThroughTheLauncher() throws Exception {
        CliRun help = launch("--help");
        assertEquals(0, help.exit(), help.toString());
        assertTrue(help.out().startsWith("Usage: patchbay"), help.out());
        assertTrue(help.out().contains("publish") && help.out().contains("fleet"), help.out());
    }

    @Test
    void aUsageErrorIsExitTwoThroughTheLauncher() throws Exception {
        CliRun run = launch("fleet", "--no-such-option");
        assertEquals(2, run.exit(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
