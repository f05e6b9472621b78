package io.patchbay.tuf.repo.testing;

import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.testing.CountingFetcher;
import io.patchbay.tuf.testing.DirectorySnapshot;
import io.patchbay.tuf.testing.MutableClock;
import io.patchbay.tuf.testing.SimulatorServer;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.repo.TufSigner;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.impl.http.HttpFetcher;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import io.patchbay.tuf.repo.InitOptions;
import io.patchbay.tuf.repo.KeyRing;
import io.patchbay.tuf.repo.PublishResult;
import io.patchbay.tuf.repo.TufRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A TUF repository built with the real repository tooling and served over loopback HTTP, plus a client
 * (metadata and target directories, a counting fetcher, a hand-moved clock). Tests publish through
 * {@link #repo()} and then {@link #sync()}; afterwards they may tamper with what the server serves
 * ({@link #serve}, {@link #tamper}, {@link SimulatorServer#serveEndless}) without touching the repository.
 */
public final class RepoSimulator implements AutoCloseable {

    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final Path base;
    private final KeyRing ring;
    private final MutableClock clock;
    private final SimulatorServer server;
    private TufRepository repo;
    private CountingFetcher fetcher;

    private RepoSimulator(Path base, Instant start) throws IOException {
        this.base = base;
        this.clock = new MutableClock(start);
        this.ring = KeyRing.at(base.resolve("keys"));
        this.server = new SimulatorServer();
    }

    /** One ed25519 key and threshold 1 per top-level role, consistent snapshots, published and served. */
    public static RepoSimulator start(Path base) throws IOException {
        return start(base, InitOptions.defaults());
    }

    public static RepoSimulator start(Path base, InitOptions options) throws IOException {
        return start(base, START, server -> options);
    }

    /**
     * @param start   the simulator clock's start (real time for tests that run the launcher as a process)
     * @param options init options, knowing the server (e.g. to name its URLs as the trusted location)
     */
    public static RepoSimulator start(Path base, Instant start,
                                      java.util.function.Function<SimulatorServer, InitOptions> options) throws IOException {
        RepoSimulator sim = new RepoSimulator(base, start);
        return sim.init(options.apply(sim.server));
    }

    private RepoSimulator init(InitOptions options) {
        RepoSimulator sim = this;
        for (String role : new String[] {"root", "targets", "snapshot", "timestamp"}) {
            int count = Math.max(1, options.threshold(role));
            sim.ring.generate(role, count, "ed25519");
        }
        sim.repo = TufRepository.init(base.resolve("repo"), sim.ring, options, sim.clock);
        sim.publish();
        return sim;
    }

    public TufRepository repo() {
        return repo;
    }

    public KeyRing ring() {
        return ring;
    }

    public MutableClock clock() {
        return clock;
    }

    public SimulatorServer server() {
        return server;
    }

    public Path repoDir() {
        return base.resolve("repo");
    }

    public Path clientMetadataDir() {
        return base.resolve("client/metadata");
    }

    public Path clientTargetDir() {
        return base.resolve("client/targets");
    }

    /** Publishes pending edits and serves the result; fails the test if anything was only staged. */
    public PublishResult publish() {
        PublishResult result = repo.publish();
        if (!result.isPublished()) {
            throw new AssertionError("expected a publication, got staged " + result.staged());
        }
        sync();
        return result;
    }

    /** Serves exactly what the repository directory holds (tampering is undone, files added since appear). */
    public void sync() {
        syncTo(server);
    }

    /** Copies the repository directory into {@code target}'s paths (another host serving the same repository). */
    public void syncTo(SimulatorServer target) {
        for (String area : new String[] {"metadata", "targets"}) {
            Path dir = repoDir().resolve(area);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    target.put("/" + area + "/" + dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A text target added to {@code role} and published. */
    public TargetFile addTarget(String path, String content, String role) {
        try {
            Path file = Files.createTempFile(base, "target", ".txt");
            Files.writeString(file, content, StandardCharsets.UTF_8);
            TargetFile target = repo.addTarget(file, path, role);
            publish();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metadata the server currently serves under metadata/{@code fileName}. */
    public Metadata served(String fileName) {
        byte[] bytes = server.get("/metadata/" + fileName);
        if (bytes == null) {
            throw new AssertionError("nothing served as metadata/" + fileName);
        }
        return Metadata.parse(bytes);
    }

    public void serve(String fileName, Metadata metadata) {
        server.put("/metadata/" + fileName, metadata.toBytes());
    }

    /** Edits what is served as metadata/{@code fileName}, then re-signs it with {@code signers} (none: keeps the old, now invalid, signatures). */
    public Metadata tamper(String fileName, java.util.function.Consumer<Metadata> edit, TufSigner... signers) {
        Metadata md = served(fileName);
        edit.accept(md);
        if (signers.length > 0) {
            md.clearSignatures();
            for (TufSigner signer : signers) {
                signer.signMetadata(md);
            }
        }
        serve(fileName, md);
        return md;
    }

    /** The ring's private keys of {@code role}. */
    public List<TufSigner> signers(String role) {
        return List.copyOf(ring.signers(role).values());
    }

    public TufSigner signer(String role) {
        return signers(role).get(0);
    }

    public List<TufKey> newKeys(String role, int count) {
        return ring.generate(role, count, "ed25519");
    }

    public byte[] rootBytes(long version) {
        return server.get("/metadata/" + version + ".root.json");
    }

    /** Writes root v1 into the client's metadata directory (the "init" step). */
    public void initClient() {
        try {
            Files.createDirectories(clientMetadataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TufClient.initialize(new DirectoryMetadataStore(clientMetadataDir()), rootBytes(1));
    }

    /** A fresh updater over the client directories (like one run of the command-line client). */
    public TufUpdater updater() {
        return updater(HttpFetcher.builder().build());
    }

    /** A fresh updater that fetches through {@code base} (a long-lived agent keeps one HTTP client). */
    public TufUpdater updater(io.patchbay.tuf.api.Fetcher base) {
        fetcher = new CountingFetcher(base);
        return TufClient.builder()
                .metadataDir(clientMetadataDir())
                .targetDir(clientTargetDir())
                .fetcher(fetcher)
                .clock(clock)
                .repository(java.net.URI.create(server.metadataUrl()), java.net.URI.create(server.targetsUrl()))
                .build();
    }

    /** The fetcher of the last {@link #updater()}. */
    public CountingFetcher fetcher() {
        return fetcher;
    }

    public Map<String, String> clientMetadata() {
        return DirectorySnapshot.of(clientMetadataDir());
    }

    @Override
    public void close() {
        server.close();
    }
}
