package io.patchbay.agent.api;

import java.util.Optional;

/**
 * The update agent's lifecycle. All work (enrollment, check-ins, reports) runs on the agent's scheduler, one
 * task at a time, never on the caller's thread: {@link #checkNow()} and {@link #reportNow()} only move the next
 * run forward, so a host may call them from anywhere (a request handler, a push listener).
 */
public interface Agent extends AutoCloseable {

    /** Starts polling: the first check runs at once (enrolling first if this data directory has no client id). */
    void start();

    /**
     * Stops polling; nothing new starts. A report in flight is finished and acknowledged first (bounded), so it is
     * neither lost nor sent again by the next agent. Idempotent.
     */
    void stop();

    /** Runs a check-in (and the reports it carries) as soon as the scheduler is free. Ignored unless polling. */
    void checkNow();

    /** Sends the unreported swap history as soon as the scheduler is free. Ignored unless polling. */
    void reportNow();

    /**
     * Rotates the client's signing and sealing keys as soon as the scheduler is free (a check-in runs first),
     * besides the scheduled rotation ({@link AgentConfig#keyRotation()}). Ignored unless polling.
     */
    void rotateKeys();

    /** Where the agent is; see {@link AgentState}. */
    AgentState state();

    /** The client id the server assigned at enrollment, once enrolled. */
    Optional<String> clientId();

    @Override
    default void close() {
        stop();
    }
}
