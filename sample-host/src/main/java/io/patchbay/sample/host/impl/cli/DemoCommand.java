package io.patchbay.sample.host.impl.cli;

import ch.qos.logback.classic.Level;
import io.patchbay.sample.host.impl.demo.DemoScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the demo on a temporary data directory; exit 0 when every step showed what it meant to. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a host on a temporary directory and walk through live patches, rollbacks and forged bundles.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keep-data", description = "keep the temporary data directory afterwards")
    boolean keepData;

    @Mixin
    BundleOptions bundleOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        quietRuntimeLog();
        Path work = Files.createTempDirectory("patchbay-demo-");
        try {
            int surprises = new DemoScript(bundleOptions.bundles(), work, out).run();
            return surprises == 0 ? 0 : 1;
        } finally {
            if (keepData) {
                out.println("   data kept in " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    /**
     * The narration and the host's one-line swap events tell the story; the runtime's own log would
     * repeat every failure with its stack, so the demo keeps only its errors.
     */
    private static void quietRuntimeLog() {
        // The in-process license server's start-up lines (database, migrations, TLS) too: the demo says what matters.
        for (String name : new String[] {"io.patchbay.framework", "io.patchbay.server", "org.flywaydb", "com.zaxxer"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger runtimeLog) {
                runtimeLog.setLevel(Level.ERROR);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
