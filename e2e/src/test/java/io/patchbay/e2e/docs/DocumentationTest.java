package io.patchbay.e2e.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.e2e.docs.MarkdownBlocks.Block;
import io.patchbay.e2e.docs.MarkdownBlocks.Marker.Kind;
import io.patchbay.e2e.testing.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The guides are tested: every shell block of README.md and docs/guides/*.md carries a doc-test marker
 * ({@link MarkdownBlocks}), and every scenario's blocks run, in order, in one fresh bash on the built repository
 * ({@link DocScenario}). A guide that drifts from the code (a command, option or output that changed) fails here,
 * naming the guide's line, the block and what it printed.
 */
class DocumentationTest {

    /** A hang guard for one scenario: the operator flow takes about a minute and a half on two free cores. */
    static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(6);

    static List<Path> guides() throws IOException {
        Path root = Layout.root();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> guides = Files.list(root.resolve("docs/guides"))) {
            guides.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    @Test
    void everyShellBlockIsMarkedToRunOrSkippedWithAReason() throws IOException {
        List<String> problems = problems(guides(), Layout.root());
        if (!problems.isEmpty()) {
            fail(problems.size() + " block(s) in the guides are not tested:\n" + String.join("\n", problems));
        }
        assertTrue(guides().stream().flatMap(f -> MarkdownBlocks.read(f).stream()).anyMatch(Block::runnable),
                "found no shell blocks in " + guides());
    }

    @Test
    void everyPatchbayCommandInABlockThatDoesNotRunIsOneTheCommandLineKnows() throws IOException {
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (Path file : guides()) {
            for (Block block : MarkdownBlocks.read(file)) {
                if (block.runnable() && block.marker().kind() == Kind.SKIP) {
                    refused.addAll(ReferenceCommands.refused(block, Layout.root()));
                    checked++;
                }
            }
        }
        if (!refused.isEmpty()) {
            fail(refused.size() + " patchbay command(s) in skipped blocks are refused by the command line:\n"
                    + String.join("\n", refused));
        }
        assertTrue(checked > 0, "no skipped blocks to check");
    }

    /** What is wrong with the files' markers: one line each, naming FILE:LINE relative to {@code root}. */
    static List<String> problems(List<Path> files, Path root) {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            for (Block block : MarkdownBlocks.read(file)) {
                String where = block.where(root);
                Kind kind = block.marker().kind();
                if (kind == Kind.INVALID) {
                    problems.add(where + ": " + block.marker().problem());
                } else if (block.runnable() && kind == Kind.NONE) {
                    problems.add(where + ": a " + (block.fenced() ? "'" + block.info() + "' block" : "command block")
                            + " without a marker: put <!-- doc-test: SCENARIO --> (runs it) or <!-- doc-test: skip "
                            + "(why) --> on the line before it" + (block.fenced() ? "" : ", and fence it (```sh)"));
                } else if (!block.runnable() && kind == Kind.RUN) {
                    problems.add(where + ": marked to run, but it is not a shell block (```sh, bash, shell, console)");
                }
            }
        }
        return problems;
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioRuns() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        // -Dpatchbay.docs.scenario=operator-tuf,... runs only those (FILE-SCENARIO) while a guide is being written
        String only = System.getProperty("patchbay.docs.scenario", "");
        List<String> chosen = List.of(only.split(","));
        for (Path file : guides()) {
            scenarios(file).forEach((name, blocks) -> {
                String id = file.getFileName().toString().replace(".md", "") + "-" + name;
                if (!only.isEmpty() && !chosen.contains(id)) {
                    return;
                }
                tests.add(DynamicTest.dynamicTest(Layout.root().relativize(file) + " " + name + " ("
                        + blocks.size() + " blocks)", () -> {
                    DocScenario.Outcome outcome = new DocScenario(id, blocks, Layout.root(),
                            Layout.workDirectory("docs-" + id)).run(SCENARIO_TIMEOUT);
                    if (!outcome.passed()) {
                        fail(outcome.message());
                    }
                    System.out.println("[docs] " + Layout.root().relativize(file) + ": " + outcome.message());
                }));
            });
        }
        assertTrue(!tests.isEmpty(), "no doc-test scenarios" + (only.isEmpty() ? "" : " named " + only) + " in "
                + guides());
        return tests.stream();
    }

    /** The file's RUN blocks by scenario name, in document order. */
    static Map<String, List<Block>> scenarios(Path file) {
        Map<String, List<Block>> scenarios = new LinkedHashMap<>();
        for (Block block : MarkdownBlocks.read(file)) {
            if (block.marker().kind() == Kind.RUN && block.runnable()) {
                scenarios.computeIfAbsent(block.marker().scenario(), k -> new ArrayList<>()).add(block);
            }
        }
        return scenarios;
    }
}
