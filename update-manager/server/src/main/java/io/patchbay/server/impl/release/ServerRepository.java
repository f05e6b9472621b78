package io.patchbay.server.impl.release;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.repo.impl.RepositoryLayout;
import java.util.HashSet;
import java.util.Set;
import io.patchbay.tuf.api.model.Snapshot;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.api.model.Targets;
import io.patchbay.tuf.api.model.Timestamp;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.repo.InitOptions;
import io.patchbay.tuf.repo.KeyRing;
import io.patchbay.tuf.repo.PublishResult;
import io.patchbay.tuf.repo.RepositoryException;
import io.patchbay.tuf.repo.TufRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The TUF repository in the server's data directory, written with tuf-repo's tooling:
 * <ul>
 *   <li>{@code repository/} — {@code metadata/} and {@code targets/}, the static files served at {@code /repo}.</li>
 *   <li>{@code repo-keys/} (rwx------) — the online keys (targets, snapshot, timestamp), one Ed25519 key each,
 *       kept by the server to sign every publication.</li>
 *   <li>{@code repo-root-keys/} (rwx------) — the root key, generated at init. The server reads it only for
 *       the root rotations an operator runs (certificate renewal, push key, location move); between
 *       renewals an operator may move it offline and bring it back for the next one.</li>
 * </ul>
 * Publications are serialised by this object (one server node publishes). The tool writes targets, then
 * versioned metadata, then timestamp.json last, each by temp file and rename: a crash part-way leaves the
 * previous timestamp, so the previous consistent repository is what is served and what the next publication
 * builds on.
 */
public final class ServerRepository {
    public static final String REPOSITORY = "repository";
    public static final String ONLINE_KEYS = "repo-keys";
    public static final String ROOT_KEYS = "repo-root-keys";
    static final String SCHEME = "ed25519";
    /** Snapshot and timestamp are re-signed when they expire sooner than this. */
    static final Duration RENEW_BEFORE = Duration.ofHours(12);

    private final Path dir;
    private final KeyRing ring;
    private final Path rootKeys;
    private final Clock clock;

    private ServerRepository(Path dir, KeyRing ring, Path rootKeys, Clock clock) {
        this.dir = dir;
        this.ring = ring;
        this.rootKeys = rootKeys;
        this.clock = clock;
    }

    /** A root rotation that was not made (nothing was written); {@code reason} is a short machine-readable code. */
    public static final class RootRotationRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        RootRotationRefused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Creates the keys and the repository (root v1 with {@code location}, if any, and empty targets), and
     * moves the root key out of the online ring.
     *
     * @return the path of {@code 1.root.json}, the root clients are bootstrapped with
     */
    public static Path init(Path dataDirectory, Optional<TrustedLocation> location, Clock clock) throws IOException {
        return init(dataDirectory, location, List.of(), clock);
    }

    /** As above, with root v1 listing {@code pushKeys} (base64url Ed25519 public keys) in its push-keys field. */
    public static Path init(Path dataDirectory, Optional<TrustedLocation> location, List<String> pushKeys, Clock clock)
            throws IOException {
        Path online = dataDirectory.resolve(ONLINE_KEYS);
        Path rootKeys = dataDirectory.resolve(ROOT_KEYS);
        if (Files.exists(online) || Files.exists(rootKeys) || Files.exists(dataDirectory.resolve(REPOSITORY))) {
            throw new IOException(dataDirectory + " already holds a TUF repository or its keys");
        }
        KeyRing ring = KeyRing.at(online);
        try {
            for (String role : new String[] {Metadata.ROOT, Metadata.TARGETS, Metadata.SNAPSHOT, Metadata.TIMESTAMP}) {
                ring.generate(role, 1, SCHEME);
            }
            InitOptions options = InitOptions.defaults();
            if (location.isPresent()) {
                options = options.withLocation(location.get());
            }
            TufRepository repository = TufRepository.init(dataDirectory.resolve(REPOSITORY), ring, options, clock);
            if (!pushKeys.isEmpty()) {
                repository.setPushKeys(pushKeys);
            }
            PublishResult result = repository.publish();
            if (!result.isPublished()) {
                throw new IOException("the new repository was not published: " + result.staged());
            }
        } catch (RepositoryException e) {
            throw new IOException("cannot create the TUF repository: " + e.getMessage(), e);
        }
        Files.createDirectory(rootKeys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.move(online.resolve(Metadata.ROOT), rootKeys.resolve(Metadata.ROOT), StandardCopyOption.ATOMIC_MOVE);
        return dataDirectory.resolve(REPOSITORY).resolve("metadata").resolve("1.root.json");
    }

    /** Opens the repository {@link #init} made; it must exist. */
    public static ServerRepository open(Path dataDirectory, Clock clock) throws IOException {
        Path dir = dataDirectory.resolve(REPOSITORY);
        if (!Files.isRegularFile(dir.resolve("metadata").resolve("timestamp.json"))) {
            throw new IOException(dir + " holds no TUF repository; run init (this data directory predates it?)");
        }
        return new ServerRepository(dir, KeyRing.at(dataDirectory.resolve(ONLINE_KEYS)),
                dataDirectory.resolve(ROOT_KEYS), Objects.requireNonNull(clock));
    }

    /** The directory served at {@code /repo}. */
    public Path dir() {
        return dir;
    }

    /** One file to list as a target. */
    public record NewTarget(Path file, String targetPath) {
    }

    /**
     * Adds the targets and publishes: new targets, snapshot and timestamp, signed with the online keys. A
     * failure leaves the published repository as it was (copied target files may remain, unlisted).
     */
    public synchronized List<TargetFile> publish(List<NewTarget> targets) {
        TufRepository repository = TufRepository.open(dir, ring, clock);
        List<TargetFile> listed = new ArrayList<>();
        for (NewTarget target : targets) {
            listed.add(repository.addTarget(target.file(), target.targetPath(), Metadata.TARGETS));
        }
        requirePublished(repository.publish());
        return listed;
    }

    /** The targets the published targets role lists, by path (for tests and views). */
    public synchronized Map<String, TargetFile> listedTargets() {
        return Targets.of(published().get(Metadata.TARGETS)).targets();
    }

    /**
     * Re-signs what expires within {@link #RENEW_BEFORE}: targets, snapshot (and always a new timestamp), so a
     * server that publishes nothing for a day still serves unexpired metadata. Root is not renewed here: its
     * key is offline.
     *
     * @return true when it published
     */
    public synchronized boolean renewExpiring() {
        Map<String, Metadata> published = published();
        Instant horizon = clock.instant().plus(RENEW_BEFORE);
        TufRepository repository = TufRepository.open(dir, ring, clock);
        boolean due = false;
        for (Map.Entry<String, Metadata> role : published.entrySet()) {
            if (role.getValue().expires().isBefore(horizon)) {
                repository.touch(role.getKey());
                due = true;
            }
        }
        if (due) {
            requirePublished(repository.publish());
        }
        return due;
    }

    /** The newest published root ({@code N.root.json} with the highest N): what a refreshing client ends on. */
    public synchronized Root publishedRoot() {
        RepositoryLayout layout = new RepositoryLayout(dir);
        return Root.of(layout.readMetadata(layout.latestRootVersion() + ".root.json"));
    }

    /**
     * Publishes root N+1 that differs from root N only in its TLS pins (and version and expiry), signed with the
     * root key(s) in {@code repo-root-keys/} — the same keys, so the threshold of root N and of root N+1 is met by
     * one set of signatures — and a new timestamp signed with the online key. Nothing is written when root names
     * no location, when a role is staged (a half-signed rotation of someone else's), or when the root keys at
     * hand do not meet root N's threshold.
     *
     * @return root N+1 as published
     * @throws RootRotationRefused with nothing written
     */
    public synchronized Root rotateTlsPins(List<String> pins) {
        Root current = publishedRoot();
        if (current.location().isEmpty()) {
            throw new RootRotationRefused("no_location", "root v" + current.version() + " names no location, so"
                    + " clients do not pin the server from it; there is no pin to rotate (set a location first)");
        }
        return rotateRoot(repository -> repository.setTlsPins(pins));
    }

    /**
     * Publishes root N+1 that differs from root N only in its push keys (and version and expiry), signed as
     * {@link #rotateTlsPins} is; needs no location.
     *
     * @return root N+1 as published
     * @throws RootRotationRefused with nothing written
     */
    public synchronized Root rotatePushKeys(List<String> pushKeys) {
        return rotateRoot(repository -> repository.setPushKeys(pushKeys));
    }

    /**
     * Publishes root N+1 that differs from root N only in its location (and version and expiry), signed as
     * {@link #rotateTlsPins} is. Clients fetch it from the location they trust now (root N's), then follow the new
     * one.
     *
     * @param metadataUrl the new metadata base URL
     * @param targetsUrl  the new targets base URL
     * @param pins        the TLS pins the location is served with
     * @return root N+1 as published
     * @throws RootRotationRefused with nothing written
     */
    public synchronized Root rotateLocation(java.net.URI metadataUrl, java.net.URI targetsUrl, List<String> pins) {
        TrustedLocation moved = new TrustedLocation(metadataUrl, targetsUrl, pins);
        return rotateRoot(repository -> repository.setLocation(moved));
    }

    /** Published root {@code version}. */
    public synchronized Root publishedRoot(long version) throws IOException {
        return Root.of(Metadata.parse(publishedRootBytes(version)));
    }

    /** The bytes of published root {@code version} as clients fetch them ({@code N.root.json}). */
    public synchronized byte[] publishedRootBytes(long version) throws IOException {
        return Files.readAllBytes(rootFile(version));
    }

    /** When root {@code version} was published (its file's time: roots are written once, never rewritten). */
    public synchronized Instant publishedAt(long version) throws IOException {
        return Files.getLastModifiedTime(rootFile(version)).toInstant();
    }

    private Path rootFile(long version) {
        return dir.resolve("metadata").resolve(version + ".root.json");
    }

    private Root rotateRoot(java.util.function.Consumer<TufRepository> edit) {
        RepositoryLayout layout = new RepositoryLayout(dir);
        if (!layout.stagedRoles().isEmpty()) {
            throw new RootRotationRefused("repository_staged", dir.resolve("staged") + " holds unsigned role versions "
                    + layout.stagedRoles() + "; sign or remove them before rotating root");
        }
        Root current = publishedRoot();
        KeyRing rootRing = KeyRing.at(rootKeys);
        Set<String> held = new HashSet<>(rootRing.signers(Metadata.ROOT).keySet());
        held.retainAll(current.keysOf(Metadata.ROOT).keySet());
        int threshold = current.role(Metadata.ROOT).threshold();
        if (held.size() < threshold) {
            throw new RootRotationRefused("root_keys_unavailable", rootKeys + " holds " + held.size() + " of the "
                    + threshold + " root key(s) root v" + current.version() + " needs; put the root key(s) back there"
                    + " for the rotation");
        }
        TufRepository repository = TufRepository.open(dir, ring, clock).alsoSigningWith(rootRing);
        edit.accept(repository);
        requirePublished(repository.publish());
        Root rotated = publishedRoot();
        if (rotated.version() != current.version() + 1) {
            throw new RepositoryException("root v" + current.version() + " was not followed by v"
                    + (current.version() + 1) + " (found v" + rotated.version() + ")");
        }
        return rotated;
    }

    /** Timestamp, snapshot and targets as published: followed from timestamp.json, never the newest file. */
    private Map<String, Metadata> published() {
        try {
            Metadata timestamp = read("timestamp.json");
            Metadata snapshot = read(Timestamp.of(timestamp).snapshotMeta().version() + ".snapshot.json");
            Metadata targets = read(Snapshot.of(snapshot).meta().get("targets.json").version() + ".targets.json");
            Map<String, Metadata> roles = new LinkedHashMap<>();
            roles.put(Metadata.TARGETS, targets);
            roles.put(Metadata.SNAPSHOT, snapshot);
            roles.put(Metadata.TIMESTAMP, timestamp);
            return roles;
        } catch (IOException e) {
            throw new RepositoryException("cannot read the published metadata: " + e.getMessage(), e);
        }
    }

    private Metadata read(String name) throws IOException {
        return Metadata.parse(Files.readAllBytes(dir.resolve("metadata").resolve(name)));
    }

    private static void requirePublished(PublishResult result) {
        if (!result.isPublished()) {
            throw new RepositoryException("the online keys do not meet a threshold: " + result.staged());
        }
    }
}
