package io.patchbay.agent.api;

/** What the agent is doing; changes are logged once each (not once per failed attempt). */
public enum AgentState {
    /** Not started, or stopped. */
    STOPPED,
    /** Polling; the last request reached the server. */
    REACHABLE,
    /** Polling with exponential backoff; the last request did not reach the server (or it failed with 5xx). */
    UNREACHABLE,
    /**
     * Not checking in: the agent has no client id and no usable one-time enrollment token (none configured, used
     * already, or refused by the server). It reads its token source again every backoff cap (no request is sent
     * for a token it already spent) and enrolls once a fresh token is there.
     */
    NEEDS_ENROLLMENT,
    /**
     * An operator revoked this client: its keys are retired (moved aside, never used to sign again) and it waits, as
     * in {@link #NEEDS_ENROLLMENT}, for a fresh one-time token to enroll again as a new client with new keys.
     */
    REVOKED
}
