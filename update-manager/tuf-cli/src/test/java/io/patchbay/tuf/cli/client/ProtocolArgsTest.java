package io.patchbay.tuf.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The plain protocol forms that tuf-client reads without picocli must mean exactly what picocli makes of
 * them; everything else must be left to picocli.
 */
class ProtocolArgsTest {

    private static TufClientCommand command() {
        return new TufClientCommand(Clock.systemUTC(), UnaryOperator.identity());
    }

    /** Arguments are separated by '|' (values may hold spaces). */
    private static String[] args(String line) {
        return line.isEmpty() ? new String[0] : line.split("\\|", -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--metadata-dir|md|init|root.json",
        "--metadata-dir=md|init|/abs/root v1.json",
        "--metadata-dir|md|--metadata-url|http://127.0.0.1:8080/metadata/|refresh",
        "--metadata-url=http://h/m/?a=b|--metadata-dir=md|refresh",
        "--metadata-dir|md|--max-root-rotations|5|refresh",
        "--max-root-rotations=0|--metadata-dir|md|refresh",
        "--metadata-dir|m d|--metadata-url|https://repo.example/metadata/|--target-name|a/b c.txt|--target-name|x"
            + "|--target-base-url|https://repo.example/targets/|--target-dir|td|download",
        "--target-dir=td|--target-name=only|--metadata-dir=md|download",
    })
    void plainFormsMeanWhatPicocliMakesOfThem(String line) {
        String[] args = args(line);
        ProtocolArgs plain = ProtocolArgs.parse(args);
        assertNotNull(plain, line);
        TufClientCommand fast = command();
        plain.applyTo(fast);

        TufClientCommand viaPicocli = command();
        ParseResult result = new CommandLine(viaPicocli).parseArgs(args);
        ParseResult sub = result.subcommand();
        assertEquals(sub.commandSpec().name(), plain.subcommand(), line);
        assertEquals(viaPicocli.metadataDir, fast.metadataDir, line);
        assertEquals(viaPicocli.metadataUrl, fast.metadataUrl, line);
        assertEquals(viaPicocli.targetNames, fast.targetNames, line);
        assertEquals(viaPicocli.targetBaseUrl, fast.targetBaseUrl, line);
        assertEquals(viaPicocli.targetDir, fast.targetDir, line);
        assertEquals(viaPicocli.maxRootRotations, fast.maxRootRotations, line);
        if (plain.subcommand().equals("init")) {
            assertEquals((Path) sub.matchedPositional(0).getValue(), plain.root(), line);
        } else {
            assertNull(plain.root());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "--help", "-h", "--version", "-V", "refresh", "--metadata-dir|md", "--metadata-dir|md|status",
        "--metadata-dir|md|init", "--metadata-dir|md|init|a|b", "--metadata-dir|md|init|-x",
        "--metadata-dir|md|init|refresh", "--metadata-dir|md|refresh|extra", "--metadata-dir|md|refresh|--help",
        "--metadata-dir|md|--metadata-dir|md2|refresh", "--metadata-dir=|refresh", "--metadata-dir|--metadata-url|refresh",
        "--metadata-dir|refresh|refresh", "--metadata-dir|md|--|refresh", "--metadata-dir|md|--unknown|x|refresh",
        "--metadata-dir|md|--max-root-rotations|-1|refresh", "--metadata-dir|md|--max-root-rotations|010|refresh",
        "--metadata-dir|md|--max-root-rotations|0x10|refresh", "--metadata-dir|md|--max-root-rotations|99999999999|refresh",
        "--metadata-dir|md|--max-root-rotations|1|--max-root-rotations|2|refresh",
        "--metadata-dir|md|--metadata-url|http://bad host/|refresh", "--metadata-dir|md|download",
        "--metadata-dir|md|--target-name|x|download", "--metadata-dir|md|--target-dir|td|download",
        "--metadata-dir|md|-v|refresh", "--metadata-dir|md|--metadata-url",
    })
    void everythingElseIsLeftToPicocli(String line) {
        assertNull(ProtocolArgs.parse(args(line)), line);
    }

    @Test
    void aLeftOverCommandLineRunsNothing() {
        StringWriter err = new StringWriter();
        TufClientCommand command = command();
        assertEquals(-1, command.runPlain(args("--metadata-dir|md|--help|refresh"), new PrintWriter(new StringWriter()),
                new PrintWriter(err)));
        assertNull(command.metadataDir);
        assertTrue(err.toString().isEmpty());
    }

    @Test
    void failuresAreReportedAsThePicocliPathReportsThem() {
        StringWriter err = new StringWriter();
        int code = command().runPlain(args("--metadata-dir|/nonexistent/patchbay/md|--metadata-url|http://127.0.0.1:9/|refresh"),
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(1, code);
        assertEquals(List.of("tuf-client: IllegalArgumentException: metadata directory /nonexistent/patchbay/md does not"
                + " exist; run init first"), err.toString().lines().toList());
    }
}
