package io.patchbay.policy.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What the agent should do on this tick. {@code recheckAt} is the next instant at which the answer could
 * change by time alone (a window opening, a warning or deadline, a re-ask, a callback bound); the agent may
 * sleep until then or until its next poll, whichever is sooner. Downloads are allowed whenever an update
 * is pending ({@link #mayDownload()}), including outside maintenance windows.
 *
 * @param verdict   what to do
 * @param reason    why, for logs and reports
 * @param recheckAt when the answer could next change by time alone; empty when only an event can change it
 * @param enforced  the operator's choice that was enforced, with {@link Verdict#ENFORCE_DEADLINE} only
 */
public record Decision(Verdict verdict, String reason, Optional<Instant> recheckAt, Optional<OnExpiry> enforced) {

    /** The agent's next step. */
    public enum Verdict {
        /** Nothing is pending. */
        NONE,
        /** Not yet: {@code reason} says why. */
        WAIT,
        /** Download and verify; never swap (DOWNLOAD_ONLY action). */
        DOWNLOAD_ONLY,
        /** Swap now (through {@code PatchService}), then call {@link PolicyEngine#swapFinished}. */
        APPLY_NOW,
        /** The user was asked; the answer is pending. */
        ASK,
        /** The deadline passed: the host was told to disable features or shut down ({@code enforced}). */
        ENFORCE_DEADLINE
    }

    /**
     * Whether the agent may fetch and verify the pending update's bytes now.
     *
     * @return true whenever an update is pending, inside a maintenance window or not
     */
    public boolean mayDownload() {
        return verdict != Verdict.NONE;
    }

    /**
     * A decision without enforcement.
     *
     * @param verdict   what to do
     * @param reason    why
     * @param recheckAt when to look again, or null when only an event can change the answer
     * @return the decision
     */
    public static Decision of(Verdict verdict, String reason, Instant recheckAt) {
        return new Decision(verdict, reason, Optional.ofNullable(recheckAt), Optional.empty());
    }

    /**
     * The deadline passed and the operator's choice was enforced.
     *
     * @param onExpiry what was enforced
     * @param reason   why, for logs and reports
     * @return an {@link Verdict#ENFORCE_DEADLINE} decision
     */
    public static Decision enforced(OnExpiry onExpiry, String reason) {
        return new Decision(Verdict.ENFORCE_DEADLINE, reason, Optional.empty(), Optional.of(onExpiry));
    }
}
