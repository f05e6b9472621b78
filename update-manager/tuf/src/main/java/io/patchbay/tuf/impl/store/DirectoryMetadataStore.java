package io.patchbay.tuf.impl.store;

import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.MetadataStore;
import io.patchbay.tuf.impl.client.RemoteNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trusted metadata as files {@code <dir>/<quoted role name>.json} (root.json, timestamp.json, ...): role
 * names are URL-quoted like python-tuf does, so a delegated role name cannot escape the directory.
 */
public final class DirectoryMetadataStore implements MetadataStore {

    private final Path dir;
    /** Makes renames and deletions in a directory durable (a seam for tests: directory syncs are invisible). */
    private final Consumer<Path> directorySync;
    /** A rename or delete since the last directory sync. */
    private volatile boolean unsynced;

    public DirectoryMetadataStore(Path dir) {
        this(dir, AtomicFiles::syncDirectory);
    }

    DirectoryMetadataStore(Path dir, Consumer<Path> directorySync) {
        this.dir = dir;
        this.directorySync = directorySync;
    }

    public Path directory() {
        return dir;
    }

    public Path fileOf(String roleName) {
        return dir.resolve(RemoteNames.metadataFile(roleName, 0));
    }

    @Override
    public Optional<byte[]> load(String roleName) {
        try {
            return Optional.of(Files.readAllBytes(fileOf(roleName)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LocalStorageException("cannot read " + fileOf(roleName) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Written to a temporary file, forced to disk, renamed over the old one: atomic. The rename itself is
     * made durable by {@link #sync()} (one directory sync for all the files of a refresh rather than one
     * each), except for root.json, the trust anchor, whose directory is synced at once.
     */
    @Override
    public void store(String roleName, byte[] bytes) {
        boolean root = Metadata.ROOT.equals(roleName);
        try {
            AtomicFiles.write(fileOf(roleName), bytes, root);
        } catch (IOException e) {
            throw new LocalStorageException("cannot write " + fileOf(roleName) + ": " + e.getMessage(), e);
        }
        if (!root) {
            unsynced = true;
        }
    }

    @Override
    public void sync() {
        if (unsynced) {
            directorySync.accept(dir.toAbsolutePath());
            unsynced = false;
        }
    }

    @Override
    public void delete(String roleName) {
        try {
            if (Files.deleteIfExists(fileOf(roleName))) {
                unsynced = true;
            }
        } catch (IOException e) {
            throw new LocalStorageException("cannot delete " + fileOf(roleName) + ": " + e.getMessage(), e);
        }
    }
}
