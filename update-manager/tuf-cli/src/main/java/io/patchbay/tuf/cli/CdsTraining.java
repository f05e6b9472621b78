package io.patchbay.tuf.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.patchbay.tuf.repo.InitOptions;
import io.patchbay.tuf.repo.KeyRing;
import io.patchbay.tuf.repo.TufRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The training run behind bin/tuf-client's class-data-sharing archive (see bin/tuf-cli-launcher.sh): the
 * launcher runs this once after a build with {@code -XX:ArchiveClassesAtExit}, so that the archive holds
 * the classes of init, refresh (cold and warm) and download, whichever command a user runs first. It
 * builds a throw-away repository in a temporary directory, serves it on the loopback interface, runs the
 * commands through {@link TufClientMain#run} exactly as the launcher would, and deletes everything.
 * Output is discarded; the exit code says whether the commands succeeded (the archive is kept either way).
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("patchbay-cds-training");
        int failures;
        try {
            failures = train(dir);
        } finally {
            deleteTree(dir);
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int train(Path dir) throws IOException {
        KeyRing ring = KeyRing.at(dir.resolve("keys"));
        for (String role : TufRepository.TOP_LEVEL_ROLES) {
            ring.generate(role, 1, "ed25519");
        }
        Path repoDir = dir.resolve("repo");
        TufRepository repo = TufRepository.init(repoDir, ring, InitOptions.defaults(), Clock.systemUTC());
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
        repo.addTarget(file, "training/hello.txt", "targets");
        repo.publish();

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new FileHandler(repoDir));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            String metadata = dir.resolve("client/metadata").toString();
            String root = repoDir.resolve("metadata/1.root.json").toString();
            String[] refresh = {"--metadata-dir", metadata, "--metadata-url", base + "metadata/", "refresh"};
            String[] download = {"--metadata-dir", metadata, "--metadata-url", base + "metadata/",
                "--target-name", "training/hello.txt", "--target-base-url", base + "targets/",
                "--target-dir", dir.resolve("client/targets").toString(), "download"};
            int failures = 0;
            failures += run("--metadata-dir", metadata, "init", root);
            failures += run(refresh);   // cold
            failures += run(refresh);   // warm: nothing new
            failures += run(download);  // fetches the target
            failures += run(download);  // finds it cached
            // A failing call too (the error path's classes): a target that is not listed.
            failures += 1 - run("--metadata-dir", metadata, "--metadata-url", base + "metadata/",
                    "--target-name", "training/missing.txt", "--target-base-url", base + "targets/",
                    "--target-dir", dir.resolve("client/targets").toString(), "download");
            return failures;
        } finally {
            server.stop(0);
        }
    }

    private static int run(String... args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        return TufClientMain.run(args, Clock.systemUTC(), UnaryOperator.identity(), sink, sink);
    }

    /** Serves the repository directory (metadata/ and targets/) as a static HTTP server would. */
    private static final class FileHandler implements HttpHandler {
        private final Path root;

        FileHandler(Path root) {
            this.root = root;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                byte[] body;
                try {
                    body = file.startsWith(root) ? Files.readAllBytes(file) : null;
                } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
                    body = null;
                }
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
