package io.patchbay.server.store;

/** How hard a deployment pushes, as in hawkBit. TIME_FORCED is SOFT until its time, then FORCED. */
public enum ActionType {
    /** Applied without asking. */
    FORCED,
    /** Applied as the policy allows; the user may defer. */
    SOFT,
    /** Downloaded and verified only, never applied. */
    DOWNLOAD_ONLY,
    /** SOFT until its time, then FORCED. */
    TIME_FORCED
}
