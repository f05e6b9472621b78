package io.patchbay.tuf.api;

import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;

/**
 * Where verified target files are kept. The updater re-verifies length and hashes of what
 * {@link #load} returns before trusting it. Default: a directory of files, which also keeps
 * the bytes of interrupted downloads ({@link #partial}).
 */
public interface TargetStore {

    Optional<byte[]> load(TargetFile target);

    void store(TargetFile target, byte[] verifiedContent);

    /**
     * Where to keep the bytes of an unfinished download of {@code target} (possibly holding bytes from an earlier,
     * interrupted one), so that the download resumes. A store that keeps none returns empty (the default): the
     * target is then downloaded whole, in memory, every time.
     */
    default Optional<PartialDownload> partial(TargetFile target) {
        return Optional.empty();
    }
}
