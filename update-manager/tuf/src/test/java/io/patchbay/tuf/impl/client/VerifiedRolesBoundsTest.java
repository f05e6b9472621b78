package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifiedRoles} on its own: a hit needs the very bytes, keys and threshold it was verified with,
 * and the cache stays within 64 entries and 16 MiB (least recently used goes first).
 */
class VerifiedRolesBoundsTest {

    private static final int MAX_ENTRIES = 64;
    private static final int MIB = 1024 * 1024;

    private final TestSigner signer = TestKeys.ed25519();
    private final Map<String, TufKey> keys = Map.of(signer.keyId(), signer.publicKey());
    private final RoleKeys roleKeys = new RoleKeys(List.of(signer.keyId()), 1);
    private final Metadata metadata = Metadata.of(RepoFixture.signed("targets", 1));
    private final VerifiedRoles cache = new VerifiedRoles();

    @Test
    void hitNeedsTheSameBytesKeysAndThreshold() {
        byte[] bytes = "role bytes".getBytes();
        cache.remember("r", bytes, keys, roleKeys, metadata);
        assertSame(metadata, cache.lookup("r", bytes.clone(), new HashMap<>(keys), roleKeys));

        byte[] flipped = bytes.clone();
        flipped[3] ^= 1;
        assertNull(cache.lookup("r", flipped, keys, roleKeys), "other bytes");
        assertNull(cache.lookup("r", "role bytes ".getBytes(), keys, roleKeys), "longer bytes");
        assertNull(cache.lookup("other", bytes, keys, roleKeys), "other role name");
        assertNull(cache.lookup("r", bytes, keys, new RoleKeys(roleKeys.keyIds(), 2)), "higher threshold");
        TestSigner other = TestKeys.ed25519();
        assertNull(cache.lookup("r", bytes, Map.of(other.keyId(), other.publicKey()),
                new RoleKeys(List.of(other.keyId()), 1)), "other key");
        assertNull(cache.lookup("r", bytes, Map.of(signer.keyId(), other.publicKey()), roleKeys),
                "other key material under the same key id");
        assertNull(cache.lookup("r", bytes, Map.of(), roleKeys), "no keys");
    }

    @Test
    void callerArraysAndMapsAreCopied() {
        byte[] bytes = "role bytes".getBytes();
        Map<String, TufKey> mutableKeys = new HashMap<>(keys);
        cache.remember("r", bytes, mutableKeys, roleKeys, metadata);
        byte[] original = bytes.clone();
        bytes[0] = 'X';
        TestSigner other = TestKeys.ed25519();
        mutableKeys.put(signer.keyId(), other.publicKey());

        assertNull(cache.lookup("r", bytes, keys, roleKeys), "editing the caller's array must not edit the entry");
        assertNull(cache.lookup("r", original, mutableKeys, roleKeys), "editing the caller's map must not edit the entry");
        assertSame(metadata, cache.lookup("r", original, keys, roleKeys));
    }

    @Test
    void entryCountIsBoundedLeastRecentlyUsedFirst() {
        for (int i = 0; i < MAX_ENTRIES; i++) {
            remember("r" + i, 16);
        }
        assertEquals(MAX_ENTRIES, cachedAmong(MAX_ENTRIES));
        assertNotNull(lookup("r0", 16), "touch r0: r1 is now the least recently used");

        remember("r" + MAX_ENTRIES, 16);
        assertNull(lookup("r1", 16));
        assertNotNull(lookup("r0", 16));
        assertNotNull(lookup("r" + MAX_ENTRIES, 16));

        for (int i = MAX_ENTRIES + 1; i < 3 * MAX_ENTRIES; i++) {
            remember("r" + i, 16);
        }
        assertEquals(MAX_ENTRIES, cachedAmong(3 * MAX_ENTRIES));
        assertNotNull(lookup("r" + (3 * MAX_ENTRIES - 1), 16));
    }

    @Test
    void totalBytesAreBounded() {
        remember("a", 6 * MIB);
        remember("b", 6 * MIB);
        remember("c", 3 * MIB);
        assertNotNull(lookup("a", 6 * MIB));
        remember("d", 3 * MIB); // 18 MiB: b (least recently used) goes, a stays
        assertNull(lookup("b", 6 * MIB));
        assertNotNull(lookup("a", 6 * MIB));
        assertNotNull(lookup("c", 3 * MIB));
        assertNotNull(lookup("d", 3 * MIB));

        remember("e", 16 * MIB); // exactly the limit: it alone remains
        assertNotNull(lookup("e", 16 * MIB));
        for (String gone : List.of("a", "c", "d")) {
            assertNull(lookup(gone, gone.equals("a") ? 6 * MIB : 3 * MIB), gone);
        }
    }

    @Test
    void aFileLargerThanTheWholeCacheIsNotKept() {
        remember("small", 1024);
        remember("huge", 16 * MIB + 1);
        assertNull(lookup("huge", 16 * MIB + 1));
        assertNotNull(lookup("small", 1024), "refusing the huge file must not flush the others");
    }

    @Test
    void replacingARoleCountsOnlyItsNewSize() {
        remember("a", 10 * MIB);
        cache.remember("a", filled(10 * MIB, 7), keys, roleKeys, metadata); // new bytes for the same role
        assertNull(lookup("a", 10 * MIB), "the old bytes are no longer a hit");
        remember("b", 5 * MIB); // 15 MiB in total if the old bytes of a were released
        assertNotNull(cache.lookup("a", filled(10 * MIB, 7), keys, roleKeys));
        assertNotNull(lookup("b", 5 * MIB));
        remember("c", 2 * MIB); // 17 MiB: a goes, b was used after it
        assertNull(cache.lookup("a", filled(10 * MIB, 7), keys, roleKeys));
        assertNotNull(lookup("b", 5 * MIB));
        assertNotNull(lookup("c", 2 * MIB));
    }

    private void remember(String role, int size) {
        cache.remember(role, filled(size, role.hashCode()), keys, roleKeys, metadata);
    }

    private Metadata lookup(String role, int size) {
        return cache.lookup(role, filled(size, role.hashCode()), keys, roleKeys);
    }

    private int cachedAmong(int roles) {
        int hits = 0;
        for (int i = 0; i < roles; i++) {
            if (lookup("r" + i, 16) != null) {
                hits++;
            }
        }
        return hits;
    }

    private static byte[] filled(int size, int seed) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) seed);
        bytes[0] = (byte) (seed >>> 8);
        return bytes;
    }
}
