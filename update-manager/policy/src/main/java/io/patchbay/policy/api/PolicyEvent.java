package io.patchbay.policy.api;

import java.time.Instant;

/** One entry of an engine's history, for reports. Only changes are recorded, not every identical tick. */
public record PolicyEvent(Instant at, Type type, String detail) {

    public enum Type {
        OFFERED, CANCELLED, DOWNLOADED, DECISION, ASKED, USER_ACCEPTED, USER_DEFERRED, ASK_UNANSWERED,
        WARNING_SENT, ENFORCED, ENFORCEMENT_FAILED, CALLBACK_FAILED, CALLBACK_TIMED_OUT,
        CALLBACK_NOT_IMPLEMENTED, SWAP_STARTED, SWAP_SUCCEEDED, SWAP_FAILED
    }
}
