package io.patchbay.e2e.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.e2e.docs.MarkdownBlocks.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocScenarioTest {

    @TempDir
    Path dir;

    private DocScenario scenario(String markdown) throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("marker-file"), "from the repository\n");
        Path guide = root.resolve("docs/guide.md");
        Files.writeString(guide, markdown, StandardCharsets.UTF_8);
        List<Block> blocks = DocumentationTest.scenarios(guide).get("s");
        return new DocScenario("s", blocks, root, Files.createDirectories(dir.resolve("work")));
    }

    @Test
    void blocksShareOneShellInAFreshHomeInsideALookalikeCheckout() throws Exception {
        DocScenario.Outcome outcome = scenario("""
                <!-- doc-test: s -->
                ```sh
                GREETING=hello
                cat marker-file
                ```
                <!-- doc-test: s -->
                ```sh
                test "$GREETING" = hello
                test "$HOME" = "$(cd ~ && pwd)" && case "$HOME" in */work/home) ;; *) exit 9 ;; esac
                test -n "${SERVER_PORT:-8443}" && test "$SERVER_PORT" != 8443
                touch ~/made-here
                ```
                """).run(Duration.ofSeconds(30));
        assertTrue(outcome.passed(), outcome.message());
        assertTrue(outcome.message().matches("(?s).*per block, s: \\d+\\.\\d \\d+\\.\\d\\).*"), outcome.message());
        assertTrue(Files.exists(dir.resolve("work/home/made-here")));
        assertTrue(Files.readString(dir.resolve("work/scenario.log")).contains("from the repository"));
    }

    @Test
    void aFailingBlockIsNamedByItsLineWithItsOutputAndItsBackgroundJobsAreKilled() throws Exception {
        DocScenario.Outcome outcome = scenario("""
                # Guide

                <!-- doc-test: s -->
                ```sh
                echo server starting > ~/server.log
                sleep 300 > /dev/null 2>&1 &
                echo $! > ~/sleeper.pid
                ```

                <!-- doc-test: s -->
                ```bash
                echo about to fail
                ls /no/such/file
                echo never printed
                ```

                <!-- doc-test: s -->
                ```sh
                echo not run
                ```
                """).run(Duration.ofSeconds(30));
        assertFalse(outcome.passed());
        assertEquals(1, outcome.failedBlock());
        assertTrue(outcome.message().startsWith("docs/guide.md:11: scenario 's', block 2 of 3 exited 2"),
                outcome.message());
        assertTrue(outcome.message().contains("about to fail") && outcome.message().contains("/no/such/file"),
                outcome.message());
        String output = outcome.message().substring(outcome.message().indexOf("--- its output"));
        assertFalse(output.contains("never printed"), "set -e stops at the failing command: " + output);
        assertTrue(outcome.message().contains("--- home/server.log (last 30 lines)\nserver starting"), "the logs the blocks wrote: " + outcome.message());
        long sleeper = Long.parseLong(Files.readString(dir.resolve("work/home/sleeper.pid")).strip());
        assertFalse(running(sleeper), () -> "the background job was killed with its group: " + stat(sleeper));
    }

    /** Alive and not a zombie waiting for init to reap it (which ProcessHandle counts as alive). */
    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        return !text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void aBlockThatHangsIsKilledAtTheDeadlineAndNamed() throws Exception {
        DocScenario.Outcome outcome = scenario("""
                <!-- doc-test: s -->
                ```sh
                echo waiting forever
                sleep 300
                ```
                """).run(Duration.ofSeconds(2));
        assertFalse(outcome.passed());
        assertTrue(outcome.message().startsWith("docs/guide.md:2: scenario 's', block 1 of 1 did not end within PT2S"),
                outcome.message());
        assertTrue(outcome.took().compareTo(Duration.ofSeconds(20)) < 0, "bounded: " + outcome.took());
    }
}
