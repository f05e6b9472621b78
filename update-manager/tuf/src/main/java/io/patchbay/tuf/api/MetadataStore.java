package io.patchbay.tuf.api;

import java.util.Optional;

/**
 * Where the client keeps its trusted metadata, by role name under unversioned names (root.json,
 * timestamp.json, snapshot.json, targets.json, &lt;delegated role&gt;.json). The updater writes a file only
 * after verifying it completely. Default: a directory of files.
 */
public interface MetadataStore {

    /** @throws LocalStorageException if it exists but cannot be read */
    Optional<byte[]> load(String roleName);

    /** Replaces the role's file atomically (a crash leaves either the old or the new file). */
    void store(String roleName, byte[] bytes);

    void delete(String roleName);
}
