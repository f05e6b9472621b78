package io.patchbay.server.store;

/** When the host applies a deployment (evaluated on the host; the server only stores and hands it out). */
public enum UpdatePolicy {
    NOW, WHEN_IDLE, AFTER_COMMIT, ASK_USER, DEADLINE;

    /** What a DEADLINE policy does once the deadline passes without the assigned level. */
    public enum DeadlineAction {
        DISABLE_FEATURES, SHUT_DOWN
    }
}
