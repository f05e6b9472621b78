package io.patchbay.server.store;

/** How hard a deployment pushes, as in hawkBit. TIME_FORCED is SOFT until its time, then FORCED. */
public enum ActionType {
    FORCED, SOFT, DOWNLOAD_ONLY, TIME_FORCED
}
