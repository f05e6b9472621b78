package io.patchbay.policy.api;

/** The user's answer to {@link HostCallbacks#askUser}. */
public enum UserChoice {
    /** Swap now (or at the next allowed moment). */
    ACCEPT,
    /** Not now; the engine asks again later, counts the deferral and reports it. */
    DEFER
}
