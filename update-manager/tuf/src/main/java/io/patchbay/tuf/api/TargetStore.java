package io.patchbay.tuf.api;

import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;

/**
 * Where verified target files are kept. The updater re-verifies length and hashes of what
 * {@link #load} returns before trusting it. Default: a directory of files, which also keeps
 * the bytes of interrupted downloads ({@link #partial}).
 */
public interface TargetStore {

    /**
     * The stored copy of a target, untrusted until the updater checked it again.
     *
     * @param target the trusted description of the file (path, length, hashes)
     * @return the stored bytes, or empty if none
     * @throws LocalStorageException if a copy exists but cannot be read
     */
    Optional<byte[]> load(TargetFile target);

    /**
     * Keeps a verified target, replacing any older copy.
     *
     * @param target          the trusted description of the file
     * @param verifiedContent bytes whose length and hashes matched {@code target}
     * @throws LocalStorageException if it cannot be written
     */
    void store(TargetFile target, byte[] verifiedContent);

    /**
     * Where to keep the bytes of an unfinished download of {@code target} (possibly holding bytes from an earlier,
     * interrupted one), so that the download resumes. A store that keeps none returns empty (the default): the
     * target is then downloaded whole, in memory, every time.
     *
     * @param target the target being downloaded
     * @return the kept partial download, or empty if this store keeps none
     */
    default Optional<PartialDownload> partial(TargetFile target) {
        return Optional.empty();
    }
}
