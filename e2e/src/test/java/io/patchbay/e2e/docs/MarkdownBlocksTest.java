package io.patchbay.e2e.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.e2e.docs.MarkdownBlocks.Block;
import io.patchbay.e2e.docs.MarkdownBlocks.Marker.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownBlocksTest {

    private static List<Block> parse(String markdown) {
        return MarkdownBlocks.parse(Path.of("/r/guide.md"), markdown.lines().toList());
    }

    @Test
    void aMarkerOnTheLastNonBlankLineBeforeTheFenceJoinsTheBlockToItsScenario() {
        List<Block> blocks = parse("""
                Intro.

                <!-- doc-test: operator -->

                ```sh
                patchbay fleet
                ```
                """);
        assertEquals(1, blocks.size());
        assertEquals(Kind.RUN, blocks.get(0).marker().kind());
        assertEquals("operator", blocks.get(0).marker().scenario());
        assertEquals(5, blocks.get(0).line());
        assertEquals("patchbay fleet\n", blocks.get(0).text());
        assertTrue(blocks.get(0).runnable());
    }

    @Test
    void aSkipNeedsItsReason() {
        List<Block> blocks = parse("""
                <!-- doc-test: skip (builds the whole repository) -->
                ```sh
                mvn install
                ```
                <!-- doc-test: skip -->
                ```bash
                mvn install
                ```
                <!-- doc-test: Operator Flow -->
                ```console
                x
                ```
                """);
        assertEquals(Kind.SKIP, blocks.get(0).marker().kind());
        assertEquals("builds the whole repository", blocks.get(0).marker().reason());
        assertEquals(Kind.INVALID, blocks.get(1).marker().kind());
        assertEquals(Kind.INVALID, blocks.get(2).marker().kind());
    }

    @Test
    void aMarkerSeparatedByTextDoesNotCountAndOtherLanguagesAreNotRunnable() {
        List<Block> blocks = parse("""
                <!-- doc-test: a -->
                Some text in between.
                ```sh
                echo hi
                ```
                ```java
                class X {}
                ```
                ```
                plain output
                ```
                """);
        assertEquals(Kind.NONE, blocks.get(0).marker().kind());
        assertTrue(blocks.get(0).runnable());
        assertFalse(blocks.get(1).runnable());
        assertFalse(blocks.get(2).runnable());
    }

    @Test
    void fencesInsideListItemsLoseTheirIndentationAndIndentedCommandsNeedAMarkerToo() {
        List<Block> blocks = parse("""
                1. Step:

                   ```sh
                   patchbay releases
                     --json
                   ```

                Run it:

                    update-manager/bin/patchbay server start --data d

                A table follows:

                    | not | code |
                """);
        assertEquals("patchbay releases\n  --json\n", blocks.get(0).text());
        assertTrue(blocks.get(1).runnable(), "an indented patchbay command");
        assertFalse(blocks.get(1).fenced());
        assertFalse(blocks.get(2).runnable());
    }

    @Test
    void aLongerFenceHoldsAShorterOne() {
        List<Block> blocks = parse("""
                <!-- doc-test: a -->
                ````sh
                cat <<'EOF'
                ```
                EOF
                ````
                """);
        assertEquals(1, blocks.size());
        assertEquals("cat <<'EOF'\n```\nEOF\n", blocks.get(0).text());
    }

    @Test
    void theCheckNamesEveryUntestedBlockAndLetsMarkedOnesPass(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path guide = dir.resolve("guide.md");
        java.nio.file.Files.writeString(guide, """
                <!-- doc-test: flow -->
                ```sh
                patchbay fleet
                ```

                ```bash
                patchbay releases
                ```

                Then:

                    patchbay deploy r2 --channel stable

                <!-- doc-test: skip -->
                ```sh
                mvn install
                ```

                <!-- doc-test: flow -->
                ```java
                class X {}
                ```

                <!-- doc-test: skip (prints only) -->
                ```console
                $ patchbay --version
                ```
                """);
        List<String> problems = DocumentationTest.problems(List.of(guide), dir);
        assertEquals(4, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("guide.md:6: a 'bash' block without a marker"), problems.get(0));
        assertTrue(problems.get(1).startsWith("guide.md:12: a command block without a marker")
                && problems.get(1).endsWith("and fence it (```sh)"), problems.get(1));
        assertTrue(problems.get(2).startsWith("guide.md:15: a skip needs its reason"), problems.get(2));
        assertTrue(problems.get(3).startsWith("guide.md:20: marked to run, but it is not a shell block"),
                problems.get(3));
    }
}
