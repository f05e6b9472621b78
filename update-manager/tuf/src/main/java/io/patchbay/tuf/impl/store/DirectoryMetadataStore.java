package io.patchbay.tuf.impl.store;

import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.MetadataStore;
import io.patchbay.tuf.impl.client.RemoteNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Trusted metadata as files {@code <dir>/<quoted role name>.json} (root.json, timestamp.json, ...): role
 * names are URL-quoted like python-tuf does, so a delegated role name cannot escape the directory.
 */
public final class DirectoryMetadataStore implements MetadataStore {

    /** A fetch note larger than this is not read (the updater writes well under it). */
    private static final int MAX_NOTE_BYTES = 1024;

    private final Path dir;
    private final AtomicFiles files;
    /** A rename or delete since the last directory sync. */
    private volatile boolean unsynced;

    public DirectoryMetadataStore(Path dir) {
        this(dir, AtomicFiles.ON_DISK);
    }

    /** {@code files}: a test's, which records the fsyncs a test cannot otherwise see. */
    DirectoryMetadataStore(Path dir, AtomicFiles files) {
        this.dir = dir;
        this.files = files;
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
     *
     * <p>That is for root, timestamp and snapshot: the trust anchor and the rollback baselines, which must
     * survive a power cut whole. A targets role (top-level or delegated) is a verified cache: every load is held
     * to the version, length and hashes trusted snapshot lists for it and to its delegator's signatures, so a
     * copy lost or torn by a power cut is refused and downloaded again, and no rollback check reads it. It is
     * replaced by a rename all the same (never seen half-written), but neither forced nor synced.
     */
    @Override
    public void store(String roleName, byte[] bytes) {
        boolean root = Metadata.ROOT.equals(roleName);
        boolean durable = root || Metadata.TIMESTAMP.equals(roleName) || Metadata.SNAPSHOT.equals(roleName);
        try {
            if (durable) {
                files.write(fileOf(roleName), bytes, root);
            } else {
                files.replace(fileOf(roleName), bytes);
            }
        } catch (IOException e) {
            throw new LocalStorageException("cannot write " + fileOf(roleName) + ": " + e.getMessage(), e);
        }
        if (durable && !root) {
            unsynced = true;
        }
    }

    @Override
    public void sync() {
        if (unsynced) {
            files.syncDirectory(dir.toAbsolutePath());
            unsynced = false;
        }
    }

    /**
     * {@code <role file>.etag}, e.g. {@code timestamp.json.etag}: every role file ends in ".json", so no role
     * name can reach this name.
     */
    public Path fetchNoteOf(String roleName) {
        return dir.resolve(RemoteNames.metadataFile(roleName, 0) + ".etag");
    }

    @Override
    public Optional<String> loadFetchNote(String roleName) {
        Path file = fetchNoteOf(roleName);
        try {
            if (Files.size(file) > MAX_NOTE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LocalStorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void storeFetchNote(String roleName, String note) {
        Path file = fetchNoteOf(roleName);
        try {
            files.write(file, note.getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new LocalStorageException("cannot write " + file + ": " + e.getMessage(), e);
        }
        unsynced = true;
    }

    @Override
    public void deleteFetchNote(String roleName) {
        deleteFile(fetchNoteOf(roleName));
    }

    @Override
    public void delete(String roleName) {
        deleteFile(fileOf(roleName));
    }

    private void deleteFile(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                unsynced = true;
            }
        } catch (IOException e) {
            throw new LocalStorageException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
