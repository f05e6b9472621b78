package io.patchbay.server.store;

/** When the host applies a deployment (evaluated on the host; the server only stores and hands it out). */
public enum UpdatePolicy {
    /** As soon as allowed. */
    NOW,
    /** When the host says it is idle. */
    WHEN_IDLE,
    /** At the host's next commit point. */
    AFTER_COMMIT,
    /** When the user accepts. */
    ASK_USER,
    /** When the user accepts, enforced at a deadline. */
    DEADLINE;

    /** What a DEADLINE policy does once the deadline passes without the assigned level. */
    public enum DeadlineAction {
        /** The host disables the named features until the level runs. */
        DISABLE_FEATURES,
        /** The host shuts down. */
        SHUT_DOWN
    }
}
