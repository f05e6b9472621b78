package io.patchbay.tuf.repo.impl;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.repo.RepositoryException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a repository keeps its files: {@code metadata/} and {@code targets/} are what an HTTP server serves;
 * {@code staged/} holds new role versions that still lack signatures (public data, never served to clients).
 * Every write goes to a temporary file first and is renamed into place, so a server never serves half a file.
 */
public final class RepositoryLayout {

    private static final Pattern VERSIONED_ROOT = Pattern.compile("([1-9][0-9]{0,18})\\.root\\.json");

    private final Path dir;

    public RepositoryLayout(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path metadataDir() {
        return dir.resolve("metadata");
    }

    public Path targetsDir() {
        return dir.resolve("targets");
    }

    public Path stagedDir() {
        return dir.resolve("staged");
    }

    public boolean isInitialised() {
        return latestRootVersion() > 0;
    }

    /** The highest N of metadata/N.root.json, 0 when there is none. */
    public long latestRootVersion() {
        if (!Files.isDirectory(metadataDir())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(metadataDir())) {
            return files.map(p -> VERSIONED_ROOT.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
        } catch (IOException e) {
            throw new RepositoryException("cannot list " + metadataDir() + ": " + e.getMessage(), e);
        }
    }

    /** The file name a role's version is published under. Root is always versioned (clients walk the chain). */
    public static String metadataFileName(String role, long version, boolean consistentSnapshot) {
        if (Metadata.TIMESTAMP.equals(role)) {
            return "timestamp.json";
        }
        return consistentSnapshot || Metadata.ROOT.equals(role) ? version + "." + role + ".json" : role + ".json";
    }

    public byte[] readMetadataFile(String fileName) {
        return read(metadataDir().resolve(fileName));
    }

    public Metadata readMetadata(String fileName) {
        try {
            return Metadata.parse(readMetadataFile(fileName));
        } catch (RepositoryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RepositoryException("published metadata/" + fileName + " is unreadable: " + e.getMessage(), e);
        }
    }

    public void writeMetadataFile(String fileName, byte[] bytes) {
        writeAtomically(metadataDir().resolve(fileName), bytes);
    }

    public Optional<Metadata> readStaged(String role) {
        Path file = stagedDir().resolve(role + ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Metadata.parse(read(file)));
        } catch (RepositoryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RepositoryException("staged/" + role + ".json is unreadable: " + e.getMessage(), e);
        }
    }

    public void writeStaged(String role, Metadata metadata) {
        writeAtomically(stagedDir().resolve(role + ".json"), metadata.toBytes());
    }

    public void deleteStaged(String role) {
        try {
            Files.deleteIfExists(stagedDir().resolve(role + ".json"));
        } catch (IOException e) {
            throw new RepositoryException("cannot delete staged/" + role + ".json: " + e.getMessage(), e);
        }
    }

    /** Role names with a file in staged/. */
    public java.util.List<String> stagedRoles() {
        if (!Files.isDirectory(stagedDir())) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(stagedDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new RepositoryException("cannot list " + stagedDir() + ": " + e.getMessage(), e);
        }
    }

    /** Resolves a validated target path (see {@link TargetPaths}) below targets/, with an optional hash prefix. */
    public Path targetFile(String targetPath, String hashPrefix) {
        int slash = targetPath.lastIndexOf('/');
        String parent = slash < 0 ? "" : targetPath.substring(0, slash + 1);
        String name = targetPath.substring(slash + 1);
        Path file = targetsDir().resolve(parent + (hashPrefix == null ? "" : hashPrefix + ".") + name).normalize();
        if (!file.startsWith(targetsDir())) {
            throw new RepositoryException("target path '" + targetPath + "' escapes the targets directory");
        }
        return file;
    }

    public void writeTarget(Path destination, Path source) {
        try {
            Files.createDirectories(destination.getParent());
            Path tmp = Files.createTempFile(destination.getParent(), ".tmp-", ".part");
            try {
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                move(tmp, destination);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new RepositoryException("cannot write target " + destination + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RepositoryException("repository file missing: " + file);
        } catch (IOException e) {
            throw new RepositoryException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void writeAtomically(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".part");
            try {
                Files.write(tmp, bytes);
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new RepositoryException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
