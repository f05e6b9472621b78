package io.patchbay.license.api;

/** What the server says about a license at a renewal. */
public enum LeaseStatus {
    /** In good standing: the lease is extended. */
    ACTIVE,
    /** Revoked for good: features stop at once (no grace). */
    REVOKED,
    /** Suspended until an operator lifts it: features stop at once (no grace). */
    SUSPENDED
}
