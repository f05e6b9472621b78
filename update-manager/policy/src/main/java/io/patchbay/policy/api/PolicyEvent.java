package io.patchbay.policy.api;

import java.time.Instant;

/**
 * One entry of an engine's history, for reports. Only changes are recorded, not every identical tick.
 *
 * @param at     when, on the engine's clock
 * @param type   what happened
 * @param detail a human-readable detail (the decision's reason, the callback's problem, ...)
 */
public record PolicyEvent(Instant at, Type type, String detail) {

    /** What happened. */
    public enum Type {
        /** The update was offered. */
        OFFERED,
        /** The update was cancelled or replaced by another. */
        CANCELLED,
        /** Its bytes were downloaded and verified. */
        DOWNLOADED,
        /** A tick's decision, with its reason in the detail. */
        DECISION,
        /** The user was asked. */
        ASKED,
        /** The user accepted. */
        USER_ACCEPTED,
        /** The user deferred. */
        USER_DEFERRED,
        /** The user did not answer within the ask timeout; counted as a deferral. */
        ASK_UNANSWERED,
        /** A deadline warning was sent (or could not be, said in the detail). */
        WARNING_SENT,
        /** The deadline passed and the operator's choice was enforced. */
        ENFORCED,
        /** Enforcement failed: the host callback threw, timed out or is not implemented. */
        ENFORCEMENT_FAILED,
        /** A host callback threw. */
        CALLBACK_FAILED,
        /** A host callback did not return in time (or still hangs). */
        CALLBACK_TIMED_OUT,
        /** A host callback the policy needs is not implemented. */
        CALLBACK_NOT_IMPLEMENTED,
        /** The swap started. */
        SWAP_STARTED,
        /** The swap committed. */
        SWAP_SUCCEEDED,
        /** The swap did not commit. */
        SWAP_FAILED
    }
}
