package io.patchbay.framework.impl.store;

import io.patchbay.framework.api.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bundle jars addressed by their SHA-256, one file {@code <hash>.jar} per content. Every read re-hashes the
 * bytes, so an entry changed on disk is refused (fail closed) instead of being installed.
 *
 * <p>Garbage collection lists the directory only when it can find something: the store remembers which entries
 * it may hold (those a complete collection kept, and those put since), and a collection that retains all of them
 * has nothing to delete. A new store remembers nothing, so the first collection after a start always lists, and
 * removes whatever a crash or someone else left there.
 *
 * <p>Not thread-safe: the swap engine serialises access (start-up runs before it).
 */
public final class BundleStore {
    private static final Logger LOG = LoggerFactory.getLogger(BundleStore.class);
    private static final String SUFFIX = ".jar";

    private final Path directory;
    private final StoreIo io;
    /**
     * Every entry the directory may hold (a superset): what the last complete collection kept plus what was put
     * since; null when unknown (before the first complete collection, or after a failed write or delete).
     */
    private Set<String> mayHold;

    public BundleStore(Path directory, StoreIo io) {
        this.directory = directory;
        this.io = io;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Stores {@code bytes} durably and returns their hash. An existing entry is reused only when it holds exactly
     * these bytes (so it still hashes to its name); a damaged one is replaced by the bytes in hand.
     */
    public String put(byte[] bytes) {
        String hash = Sha256.hex(bytes);
        Path file = entry(hash);
        remember(hash);
        try {
            if (io.exists(file)) {
                // the same bytes as those in hand, which hash to its name: as good as re-hashing it, and cheaper
                if (Arrays.equals(io.read(file), bytes)) {
                    return hash;
                }
                LOG.warn("store entry {} did not match its hash; rewriting it from verified bytes", hash);
            }
            io.writeAtomically(file, bytes);
            return hash;
        } catch (IOException | RuntimeException e) {
            forget(); // a failed write may leave a temporary file behind
            throw new StoreException("cannot store bundle " + hash + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The bytes stored under {@code hash}, re-hashed: a missing or tampered entry is a {@link StoreException}. */
    public byte[] get(String hash) {
        if (!Sha256.isHex(hash)) {
            throw new StoreException("not a SHA-256 store address: " + hash);
        }
        Path file = entry(hash);
        byte[] bytes;
        try {
            if (!io.exists(file)) {
                throw new StoreException("store entry " + hash + " is missing from " + directory);
            }
            bytes = io.read(file);
        } catch (IOException e) {
            throw new StoreException("cannot read store entry " + hash + ": " + e.getMessage(), e);
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equals(hash)) {
            throw new StoreException("store entry " + hash + " was tampered with: its content hashes to " + actual);
        }
        return bytes;
    }

    public boolean contains(String hash) {
        return Sha256.isHex(hash) && io.exists(entry(hash));
    }

    /**
     * Deletes every entry not in {@code keep}, and leftover temporary files; without listing the directory when
     * every entry it may hold is kept. A failure to delete is logged, not thrown: an extra file costs only space,
     * and the next collection lists again.
     *
     * @return how many entries were deleted
     */
    public int retainOnly(Set<String> keep) {
        if (mayHold != null && keep.containsAll(mayHold)) {
            return 0;
        }
        int deleted = 0;
        Set<String> held = new HashSet<>();
        try {
            for (Path file : io.list(directory)) {
                String name = file.getFileName().toString();
                String hash = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : null;
                if (hash != null && keep.contains(hash)) {
                    held.add(hash);
                } else {
                    io.delete(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warn("store garbage collection in {} stopped early: {}", directory, e.toString());
            return deleted; // deleting only removes: what the store may hold is still a superset of what it holds
        }
        mayHold = held;
        return deleted;
    }

    private void remember(String hash) {
        if (mayHold != null) {
            mayHold.add(hash);
        }
    }

    private void forget() {
        mayHold = null;
    }

    private Path entry(String hash) {
        return directory.resolve(hash + SUFFIX);
    }
}
