package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufUpdater;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One updater looking up targets in more delegated roles than its verified-role cache may hold. */
class ManyRolesCacheTest extends ClientTestBase {

    private static final int ROLES = 70;
    private static final int MAX_ENTRIES = 64;

    @Test
    void cacheStaysWithinItsEntryLimitAndLookupsStayCorrect() {
        for (int i = 0; i < ROLES; i++) {
            Metadata role = repo.delegate(repo.targets, "r" + i, List.of("r" + i + "/*"), false);
            repo.addTarget(role, "r" + i + "/t.jar", content(i, 1));
        }
        repo.publish();
        TufUpdater updater = updater();
        VerifiedRoles cache = CacheProbe.verifiedRolesOf(updater);

        for (int round = 1; round <= 2; round++) {
            updater.refresh();
            for (int i = 0; i < ROLES; i++) {
                assertEquals(RepoFixture.hex("SHA-256", content(i, 1)),
                        updater.requireTarget("r" + i + "/t.jar").hashes().get("sha256"), "round " + round + " r" + i);
            }
            int cached = cachedRoles(cache);
            assertTrue(cached <= MAX_ENTRIES, cached + " entries cached");
            assertEquals(MAX_ENTRIES, cached, "the cache is used up to its limit");
            assertFalse(cached(cache, "r0"), "the least recently used role was evicted");
            assertTrue(cached(cache, "r" + (ROLES - 1)), "the most recently used role is kept");
        }
    }

    private int cachedRoles(VerifiedRoles cache) {
        int hits = CacheProbe.holdsTopLevel(cache, stored("targets").orElseThrow(), stored("root").orElseThrow()) ? 1 : 0;
        for (int i = ROLES - 1; i >= 0; i--) {
            hits += cached(cache, "r" + i) ? 1 : 0;
        }
        return hits;
    }

    private boolean cached(VerifiedRoles cache, String role) {
        return CacheProbe.holdsDelegated(cache, role, stored(role).orElseThrow(), stored("targets").orElseThrow());
    }

    private static byte[] content(int role, int version) {
        return ("role " + role + " v" + version).getBytes(StandardCharsets.UTF_8);
    }
}
