package io.patchbay.tuf.api;

import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;

/**
 * Where verified target files are kept. The updater re-verifies length and hashes of what
 * {@link #load} returns before trusting it. Default: a directory of files.
 */
public interface TargetStore {

    Optional<byte[]> load(TargetFile target);

    void store(TargetFile target, byte[] verifiedContent);
}
