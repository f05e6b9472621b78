package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.RoleKeys;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Targets role files that one long-lived updater has already parsed and signature-checked, so that the
 * next refresh or lookup of the SAME bytes under the SAME delegating keys and threshold skips re-parsing
 * and re-verifying them. The store stays authoritative: the bytes are still read from it each time and
 * compared in full, and every other check (snapshot's length/hashes and version, expiry) still runs on
 * them. Any difference in bytes or keys means a full parse and verification. Bounded in entries and
 * bytes; not thread-safe (the updater serializes calls).
 */
final class VerifiedRoles {

    private static final int MAX_ENTRIES = 64;
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private record Entry(byte[] bytes, Metadata metadata) {
    }

    /**
     * Keyed by the role AND the delegation it was verified under: a role two delegators name (a diamond)
     * has one entry per delegation, and a lookup under other keys never finds the other's entry.
     */
    private final Map<TrustedMetadataSet.Delegator, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    /** The metadata verified earlier from exactly {@code bytes} with exactly these keys, or null. */
    Metadata lookup(String roleName, byte[] bytes, Map<String, TufKey> keys, RoleKeys roleKeys) {
        Entry entry = entries.get(new TrustedMetadataSet.Delegator(roleName, keys, roleKeys));
        if (entry == null || !Arrays.equals(entry.bytes(), bytes)) {
            return null;
        }
        return entry.metadata();
    }

    /** Remembers metadata that was just parsed from {@code bytes} and passed the threshold check with {@code keys}. */
    void remember(String roleName, byte[] bytes, Map<String, TufKey> keys, RoleKeys roleKeys, Metadata metadata) {
        if (bytes.length > MAX_BYTES) {
            return;
        }
        Entry old = entries.put(new TrustedMetadataSet.Delegator(roleName, keys, roleKeys), new Entry(bytes.clone(), metadata));
        totalBytes += bytes.length - (old == null ? 0 : old.bytes().length);
        Iterator<Entry> eldestFirst = entries.values().iterator();
        while ((entries.size() > MAX_ENTRIES || totalBytes > MAX_BYTES) && eldestFirst.hasNext()) {
            totalBytes -= eldestFirst.next().bytes().length;
            eldestFirst.remove();
        }
    }
}
