package io.patchbay.framework.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The framework's exported packages, what hosts and bundle developers program against, keep complete javadoc:
 * the JDK's javadoc with every doclint group (missing comments, tags, references, HTML) reports nothing. A few
 * seconds here, where {@code mvn javadoc:javadoc} over the whole build is not part of {@code mvn install}.
 */
class PublicJavadocTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final List<String> EXPORTED = List.of("io/patchbay/framework/api", "io/patchbay/framework/spi");

    @TempDir
    Path out;

    @Test
    void theApiAndSpiPackagesHaveJavadocWithoutAWarning() throws Exception {
        List<String> args = new ArrayList<>(List.of("-Xdoclint:all", "-Xmaxwarns", "10000", "-quiet", "--release", "17",
                "-encoding", "UTF-8", "-d", out.toString(), "-cp", System.getProperty("java.class.path")));
        for (String dir : EXPORTED) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
            }
        }
        assertTrue(args.size() > 20, "sources found: " + args);
        StringWriter messages = new StringWriter();
        PrintWriter writer = new PrintWriter(messages);
        int exit = ToolProvider.findFirst("javadoc").orElseThrow().run(writer, writer, args.toArray(String[]::new));
        writer.flush();

        assertEquals(0, exit, messages.toString());
        assertTrue(!messages.toString().contains("warning"), messages.toString());
    }
}
