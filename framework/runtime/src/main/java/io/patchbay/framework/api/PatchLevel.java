package io.patchbay.framework.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The committed set of bundles, and whether the container runs it.
 *
 * @param sequence    increases by one with every commit; 0 before the first one
 * @param bundles     the committed bundles, sorted by symbolic name
 * @param committedAt when this level was committed, or {@code null} for level 0
 * @param degradedBy  {@code null} when the container runs exactly these bundles; otherwise why it does not (a
 *                    rollback failed and is being retried, see {@link SwapResult.Outcome#ROLLBACK_FAILED}), so that a
 *                    report never claims a level that is not running
 */
public record PatchLevel(long sequence, List<BundleRecord> bundles, Instant committedAt, String degradedBy) {

    /**
     * Copies the bundle list.
     *
     * @param sequence    increases by one with every commit
     * @param bundles     the committed bundles
     * @param committedAt when it was committed, or {@code null} for level 0
     * @param degradedBy  why the container does not run it, or {@code null}
     */
    public PatchLevel {
        bundles = List.copyOf(bundles);
    }

    /**
     * A level the container runs.
     *
     * @param sequence    increases by one with every commit
     * @param bundles     the committed bundles
     * @param committedAt when it was committed, or {@code null} for level 0
     */
    public PatchLevel(long sequence, List<BundleRecord> bundles, Instant committedAt) {
        this(sequence, bundles, committedAt, null);
    }

    /**
     * Whether the container runs exactly this level.
     *
     * @return true unless {@link #degradedBy()} says why not
     */
    public boolean running() {
        return degradedBy == null;
    }

    /**
     * This level, marked as not (or no longer) running for {@code reason}; {@code null} marks it running.
     *
     * @param reason why the container does not run it, or {@code null}
     * @return the marked copy
     */
    public PatchLevel withDegradedBy(String reason) {
        return new PatchLevel(sequence, bundles, committedAt, reason);
    }

    /**
     * The committed bundle with this symbolic name.
     *
     * @param symbolicName a bundle's symbolic name
     * @return its record, or empty when the level has no such bundle
     */
    public Optional<BundleRecord> bundle(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName().equals(symbolicName)).findFirst();
    }

    /**
     * One committed bundle, named by content: its store entry is {@code sha256}.
     *
     * @param symbolicName its Bundle-SymbolicName
     * @param version      its Bundle-Version
     * @param sha256       the hex SHA-256 of its jar
     */
    public record BundleRecord(String symbolicName, String version, String sha256) {
    }
}
