package io.patchbay.tuf.cli.client;

import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The TUF conformance-suite client protocol:
 * <pre>
 * tuf-client --metadata-dir D init ROOT
 * tuf-client --metadata-dir D --metadata-url U refresh
 * tuf-client --metadata-dir D --metadata-url U --target-name P [--target-name P2 ...] --target-base-url T --target-dir TD download
 * </pre>
 * When the trusted root names a repository location ({@code x-patchbay-location}), that signed location
 * (and its TLS pins) is used instead of the URLs given on the command line, and followed through root
 * rotations; the client says so on stderr. The URLs given are used only when root names no location.
 */
@Command(name = "tuf-client", mixinStandardHelpOptions = true, version = "tuf-client (Patchbay) 0.1.0",
        description = "TUF 1.0 client (conformance-suite protocol). Exit 0 on success, 1 on any failure.",
        sortOptions = false)
public final class TufClientCommand {

    @Option(names = "--metadata-dir", required = true, paramLabel = "DIR",
            description = "Trusted local metadata (unversioned file names: root.json, timestamp.json, ...).")
    Path metadataDir;

    @Option(names = "--metadata-url", paramLabel = "URL", description = "Base URL of the repository metadata.")
    URI metadataUrl;

    @Option(names = "--target-name", paramLabel = "PATH", description = "Target path to download (repeatable).")
    List<String> targetNames = new ArrayList<>();

    @Option(names = "--target-base-url", paramLabel = "URL", description = "Base URL of the repository targets.")
    URI targetBaseUrl;

    @Option(names = "--target-dir", paramLabel = "DIR", description = "Where verified targets are stored.")
    Path targetDir;

    @Option(names = "--max-root-rotations", paramLabel = "N", defaultValue = "32",
            description = "Most new root versions accepted in one refresh (default ${DEFAULT-VALUE}).")
    int maxRootRotations = 32;

    @Spec
    CommandSpec spec;

    /** Where output goes when picocli did not parse the command line (see {@link #runPlain}). */
    private PrintWriter plainOut;
    private PrintWriter plainErr;

    private final Clock clock;
    private final UnaryOperator<Fetcher> fetcherDecorator;

    /**
     * @param clock            the time metadata expiry is checked against
     * @param fetcherDecorator wraps the HTTP fetcher (tests count fetches with it)
     */
    public TufClientCommand(Clock clock, UnaryOperator<Fetcher> fetcherDecorator) {
        this.clock = clock;
        this.fetcherDecorator = fetcherDecorator;
    }

    @Command(name = "init", description = "Trust ROOT (a root.json obtained out of band). Makes no request.")
    int init(@Parameters(paramLabel = "ROOT", description = "Initial trusted root metadata file.") Path rootFile)
            throws IOException {
        byte[] rootBytes = Files.readAllBytes(rootFile);
        Files.createDirectories(metadataDir);
        TufClient.initialize(new DirectoryMetadataStore(metadataDir), rootBytes);
        return 0;
    }

    @Command(name = "refresh", description = "Update the trusted metadata following the TUF client workflow.")
    int refresh() {
        updater(false).refresh();
        return 0;
    }

    @Command(name = "download", description = "Refresh, then fetch each --target-name in order (stops at the first failure). "
            + "A target already in --target-dir with matching hashes is not fetched again.")
    int download() {
        if (targetNames.isEmpty() || targetDir == null) {
            throw new ParameterException(spec.commandLine(),
                    "download needs --target-name and --target-dir");
        }
        TufUpdater updater = updater(true);
        updater.refresh();
        PrintWriter out = out();
        for (String name : targetNames) {
            TargetFile target = updater.requireTarget(name);
            Optional<byte[]> cached = updater.cachedTarget(target);
            if (cached.isEmpty()) {
                updater.download(target);
            }
            out.println((cached.isPresent() ? "cached " : "downloaded ") + name);
        }
        return 0;
    }

    private TufUpdater updater(boolean withTargets) {
        requireDirectory(metadataDir);
        DirectoryMetadataStore store = new DirectoryMetadataStore(metadataDir);
        TufClient.Builder builder = TufClient.builder()
                .metadataStore(store)
                .fetcher(fetcherDecorator.apply(TufClient.httpFetcher(Duration.ofSeconds(10), Duration.ofSeconds(60))))
                .clock(clock)
                .maxRootRotations(maxRootRotations);
        if (withTargets) {
            builder.targetDir(targetDir);
        }
        Optional<Root> trusted = trustedRoot(store);
        Optional<TrustedLocation> named = trusted.isPresent() ? trusted.get().location() : Optional.empty();
        if (named.isPresent()) {
            // The point of a signed location is that the client goes there, whatever it was told; an operator
            // comparing with their command line must not be left guessing, so this is said on stderr.
            err().println("tuf-client: " + followingMessage(trusted.get(), named.get(), withTargets));
            builder.followTrustedLocation();
        } else {
            if (metadataUrl == null) {
                throw new IllegalArgumentException("--metadata-url is required (the trusted root names no location)");
            }
            if (withTargets && targetBaseUrl == null) {
                throw new IllegalArgumentException("--target-base-url is required (the trusted root names no location)");
            }
            builder.repository(metadataUrl, withTargets ? targetBaseUrl : null);
        }
        return builder.build();
    }

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : plainOut;
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : plainErr;
    }

    /**
     * Runs the command line without picocli if it is one of the protocol's plain forms: the options of this
     * command (each once, {@code --target-name} repeatable; {@code --name value} or {@code --name=value};
     * values not starting with '-'), then {@code init ROOT}, {@code refresh} or {@code download} (with
     * {@code --target-name} and {@code --target-dir}). Anything else (help, version, {@code --}, a usage error,
     * a value picocli might read differently) is left to picocli, which then parses the whole command line:
     * building picocli's model from the annotations was most of a one-shot call's start-up. For the forms
     * taken, the fields get exactly the values picocli would set (ProtocolArgsTest compares them), and a
     * failure is reported like the picocli path's handler does.
     *
     * @return the exit code, or -1 if picocli must parse this command line (nothing was run or changed)
     */
    public int runPlain(String[] args, PrintWriter out, PrintWriter err) {
        ProtocolArgs plain = ProtocolArgs.parse(args);
        if (plain == null) {
            return -1;
        }
        plain.applyTo(this);
        this.plainOut = out;
        this.plainErr = err;
        try {
            switch (plain.subcommand()) {
                case "init" -> init(plain.root());
                case "refresh" -> refresh();
                default -> download();
            }
            return 0;
        } catch (Exception e) {
            err.println("tuf-client: " + ProtocolArgs.describe(e));
            err.flush();
            return 1;
        }
    }

    private static Optional<Root> trustedRoot(DirectoryMetadataStore store) {
        Optional<byte[]> bytes = store.load(Metadata.ROOT);
        return bytes.isPresent() ? Optional.of(Root.of(Metadata.parse(bytes.get()))) : Optional.empty();
    }

    private String followingMessage(Root root, TrustedLocation location, boolean withTargets) {
        StringBuilder message = new StringBuilder("following the repository location signed into trusted root v")
                .append(root.version()).append(": metadata ").append(location.metadataUrl());
        if (withTargets) {
            message.append(", targets ").append(location.targetsUrl());
        }
        message.append(location.tlsPins().isEmpty() ? " (no TLS pins)"
                : " (TLS pinned to " + location.tlsPins().size() + " key(s), https only)");
        List<String> ignored = new ArrayList<>();
        if (metadataUrl != null) {
            ignored.add("--metadata-url " + metadataUrl);
        }
        if (withTargets && targetBaseUrl != null) {
            ignored.add("--target-base-url " + targetBaseUrl);
        }
        if (!ignored.isEmpty()) {
            message.append("; not using ").append(String.join(" and ", ignored));
        }
        return message.toString();
    }

    private static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("metadata directory " + dir + " does not exist; run init first");
        }
    }
}
