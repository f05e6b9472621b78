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

    /**
     * Replaces the role's file atomically (a crash leaves either the old or the new file). The replacement
     * may become durable only at the next {@link #sync()}.
     */
    void store(String roleName, byte[] bytes);

    void delete(String roleName);

    /**
     * Makes the stores and deletes made so far durable. The updater calls it once at the end of each
     * refresh and target lookup (also when they fail), so that a store may leave the durability of its
     * renames to one directory sync rather than one per file. Default: nothing (every store is durable when
     * it returns).
     *
     * @throws LocalStorageException if that cannot be done
     */
    default void sync() {
    }

    /**
     * The updater's note about how it fetched the role's stored file (today: the HTTP entity tag of
     * timestamp.json, bound to the stored bytes by their hash), kept beside that file under a name no role
     * file can have. It is opaque to the store, short (at most 1 KiB) printable ASCII, and never trusted:
     * the updater uses it only when it still matches the stored file it has verified. Default: not kept
     * (the updater then always downloads the whole timestamp.json).
     *
     * @throws LocalStorageException if it exists but cannot be read
     */
    default Optional<String> loadFetchNote(String roleName) {
        return Optional.empty();
    }

    /** Replaces the note atomically, with {@link #store}'s durability. Default: nothing. */
    default void storeFetchNote(String roleName, String note) {
    }

    /** Default: nothing. */
    default void deleteFetchNote(String roleName) {
    }
}
