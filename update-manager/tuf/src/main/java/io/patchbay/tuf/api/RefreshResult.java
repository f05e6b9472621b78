package io.patchbay.tuf.api;

/**
 * The trusted top-level versions after a refresh.
 *
 * @param rootVersion      the trusted root's version
 * @param timestampVersion the trusted timestamp's version
 * @param snapshotVersion  the trusted snapshot's version
 * @param targetsVersion   the trusted top-level targets' version (delegated roles are loaded on demand)
 * @param rootRotations how many new root versions this refresh accepted
 * @param changed       whether anything differs from the trusted state before the refresh
 */
public record RefreshResult(long rootVersion, long timestampVersion, long snapshotVersion, long targetsVersion,
                            int rootRotations, boolean changed) {
}
