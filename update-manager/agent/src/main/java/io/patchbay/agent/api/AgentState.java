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
     * Not polling: the agent has no client id and no usable one-time enrollment token (none configured, or the
     * server refused it), or the server revoked this client. A new token in the configuration and a restart
     * are needed; the agent does not retry by itself.
     */
    NEEDS_ENROLLMENT
}
