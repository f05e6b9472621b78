package io.patchbay.policy.api;

/**
 * The hawkBit action types. They decide whether the host may decline; the {@link UpdatePolicy} decides
 * when it is safe. A forced action therefore skips only the consent step (the ASK_USER question): it still
 * waits for a maintenance window, for idleness under WHEN_IDLE and for the commit point under AFTER_COMMIT,
 * because those gates protect the host's work rather than the user's preference.
 */
public enum ActionType {
    /** Apply without asking anyone. */
    FORCED,
    /** Apply as the policy allows; under ASK_USER the user may defer. */
    SOFT,
    /** Download and verify only; never swap. The agent reports the bytes as ready. */
    DOWNLOAD_ONLY,
    /** SOFT until {@link UpdateAction#forceAt()}, FORCED from then on. */
    TIME_FORCED
}
