package io.patchbay.tuf.impl.store;

import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.MetadataStore;
import io.patchbay.tuf.impl.client.RemoteNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Trusted metadata as files {@code <dir>/<quoted role name>.json} (root.json, timestamp.json, ...): role
 * names are URL-quoted like python-tuf does, so a delegated role name cannot escape the directory.
 */
public final class DirectoryMetadataStore implements MetadataStore {

    private final Path dir;

    public DirectoryMetadataStore(Path dir) {
        this.dir = dir;
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

    @Override
    public void store(String roleName, byte[] bytes) {
        try {
            AtomicFiles.write(fileOf(roleName), bytes);
        } catch (IOException e) {
            throw new LocalStorageException("cannot write " + fileOf(roleName) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String roleName) {
        try {
            Files.deleteIfExists(fileOf(roleName));
        } catch (IOException e) {
            throw new LocalStorageException("cannot delete " + fileOf(roleName) + ": " + e.getMessage(), e);
        }
    }
}
