package io.patchbay.framework.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The committed set of bundles.
 *
 * @param sequence    increases by one with every commit; 0 before the first one
 * @param bundles     the committed bundles, sorted by symbolic name
 * @param committedAt when this level was committed, or {@code null} for level 0
 */
public record PatchLevel(long sequence, List<BundleRecord> bundles, Instant committedAt) {

    public PatchLevel {
        bundles = List.copyOf(bundles);
    }

    public Optional<BundleRecord> bundle(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName().equals(symbolicName)).findFirst();
    }

    /** One committed bundle, named by content: its store entry is {@code sha256}. */
    public record BundleRecord(String symbolicName, String version, String sha256) {
    }
}
