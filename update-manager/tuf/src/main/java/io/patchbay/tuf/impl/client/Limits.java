package io.patchbay.tuf.impl.client;

/**
 * Bounds that keep a hostile repository from exhausting the client. Defaults follow python-tuf's, except
 * root rotations and delegations (32 each, as Patchbay's threat model asks).
 */
public record Limits(long maxRootBytes, long maxTimestampBytes, long maxSnapshotBytes, long maxTargetsBytes,
                     long maxTargetBytes, int maxRootRotations, int maxDelegations) {

    public static final Limits DEFAULTS = new Limits(512_000, 16_384, 2_000_000, 5_000_000,
            512L * 1024 * 1024, 32, 32);

    public Limits {
        if (maxRootBytes <= 0 || maxTimestampBytes <= 0 || maxSnapshotBytes <= 0 || maxTargetsBytes <= 0
                || maxTargetBytes <= 0 || maxRootRotations <= 0 || maxDelegations <= 0) {
            throw new IllegalArgumentException("all limits must be positive: " + this);
        }
        if (maxTargetBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("targets are verified in memory; maxTargetBytes must stay below 2 GiB");
        }
    }
}
