package io.patchbay.tuf.api;

import java.util.Optional;

/**
 * Where the client keeps its trusted metadata, by role name under unversioned names (root.json,
 * timestamp.json, snapshot.json, targets.json, &lt;delegated role&gt;.json). The updater writes a file only
 * after verifying it completely. Default: a directory of files.
 */
public interface MetadataStore {

    /**
     * Reads a role's stored file. The bytes are verified again before they are trusted.
     *
     * @param roleName a role name, e.g. {@code root} or a delegated role's name (no {@code .json})
     * @return the stored bytes, or empty if none are stored
     * @throws LocalStorageException if it exists but cannot be read
     */
    Optional<byte[]> load(String roleName);

    /**
     * Replaces the role's file atomically (a crash leaves either the old or the new file). The replacement
     * may become durable only at the next {@link #sync()}. For targets roles (top-level and delegated) a store
     * may do less: the updater holds every loaded copy to snapshot's version, length and hashes and to the
     * delegator's signatures, and no rollback check reads them, so a copy that a crash lost or tore is simply
     * downloaded again (the directory store neither forces nor syncs them). Root, timestamp and snapshot, the
     * trust anchor and the rollback baselines, must be kept durably.
     *
     * @param roleName the role name (no {@code .json})
     * @param bytes    the verified file, exactly as downloaded (signatures cover these bytes' canonical form)
     * @throws LocalStorageException if it cannot be written; the old file then stays
     */
    void store(String roleName, byte[] bytes);

    /**
     * Removes a role's stored file: timestamp and snapshot after a new root changed their keys (spec 5.3.11,
     * recovery from a fast-forward attack). Removing a file that is not there is not an error.
     *
     * @param roleName the role name (no {@code .json})
     * @throws LocalStorageException if it exists but cannot be removed
     */
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
     * @param roleName the role whose note to read (no {@code .json})
     * @return the note as stored, or empty if none
     * @throws LocalStorageException if it exists but cannot be read
     */
    default Optional<String> loadFetchNote(String roleName) {
        return Optional.empty();
    }

    /**
     * Replaces the note atomically, with {@link #store}'s durability. Default: nothing.
     *
     * @param roleName the role the note belongs to (no {@code .json})
     * @param note     at most 1 KiB of printable ASCII
     * @throws LocalStorageException if it cannot be written
     */
    default void storeFetchNote(String roleName, String note) {
    }

    /**
     * Removes the note, when the stored file it described is replaced or removed. Default: nothing.
     *
     * @param roleName the role the note belongs to (no {@code .json})
     * @throws LocalStorageException if it exists but cannot be removed
     */
    default void deleteFetchNote(String roleName) {
    }
}
