package io.patchbay.policy.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What the agent should do on this tick. {@code recheckAt} is the next instant at which the answer could
 * change by time alone (a window opening, a warning or deadline, a re-ask, a callback bound); the agent may
 * sleep until then or until its next poll, whichever is sooner. Downloads are allowed whenever an update
 * is pending ({@link #mayDownload()}), including outside maintenance windows.
 */
public record Decision(Verdict verdict, String reason, Optional<Instant> recheckAt, Optional<OnExpiry> enforced) {

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

    public boolean mayDownload() {
        return verdict != Verdict.NONE;
    }

    public static Decision of(Verdict verdict, String reason, Instant recheckAt) {
        return new Decision(verdict, reason, Optional.ofNullable(recheckAt), Optional.empty());
    }

    public static Decision enforced(OnExpiry onExpiry, String reason) {
        return new Decision(Verdict.ENFORCE_DEADLINE, reason, Optional.empty(), Optional.of(onExpiry));
    }
}
