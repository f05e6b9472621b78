package io.patchbay.policy.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An action type with its switch-over instant. {@code forceAt} is set for {@link ActionType#TIME_FORCED}
 * only; a time in the past simply means the action is already forced.
 */
public record UpdateAction(ActionType type, Instant forceAt) {

    public UpdateAction {
        Objects.requireNonNull(type, "action type");
        if (type == ActionType.TIME_FORCED && forceAt == null) {
            throw new IllegalArgumentException("a TIME_FORCED action needs the instant it becomes forced");
        }
        if (type != ActionType.TIME_FORCED && forceAt != null) {
            throw new IllegalArgumentException("only a TIME_FORCED action has a force time, not " + type);
        }
    }

    public static UpdateAction forced() {
        return new UpdateAction(ActionType.FORCED, null);
    }

    public static UpdateAction soft() {
        return new UpdateAction(ActionType.SOFT, null);
    }

    public static UpdateAction downloadOnly() {
        return new UpdateAction(ActionType.DOWNLOAD_ONLY, null);
    }

    public static UpdateAction timeForced(Instant forceAt) {
        return new UpdateAction(ActionType.TIME_FORCED, Objects.requireNonNull(forceAt, "forceAt"));
    }

    /** Whether the host may no longer decline at {@code now}. */
    public boolean isForcedAt(Instant now) {
        return type == ActionType.FORCED || (type == ActionType.TIME_FORCED && !now.isBefore(forceAt));
    }
}
