package io.patchbay.server.store;

import java.time.Instant;
import java.util.List;

/**
 * A published release.
 *
 * @param id        the release id
 * @param level     the patch sequence a client reports once it runs it
 * @param createdAt when it was published
 * @param bundles   its bundles
 */
public record Release(String id, long level, Instant createdAt, List<ReleaseBundle> bundles) {
    /**
     * Copies the bundle list.
     *
     * @param id        the release id
     * @param level     the patch sequence a client reports once it runs it
     * @param createdAt when it was published
     * @param bundles   its bundles (copied)
     */
    public Release {
        bundles = List.copyOf(bundles);
    }
}
