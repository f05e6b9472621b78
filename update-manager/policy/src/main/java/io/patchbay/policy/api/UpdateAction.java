package io.patchbay.policy.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An action type with its switch-over instant. {@code forceAt} is set for {@link ActionType#TIME_FORCED}
 * only; a time in the past simply means the action is already forced.
 *
 * @param type    the hawkBit action type
 * @param forceAt when a TIME_FORCED action becomes forced; null for every other type
 */
public record UpdateAction(ActionType type, Instant forceAt) {

    /**
     * Checks that {@code forceAt} is given exactly for TIME_FORCED.
     *
     * @param type    the action type
     * @param forceAt the switch-over instant, or null
     * @throws NullPointerException     when {@code type} is null
     * @throws IllegalArgumentException when {@code forceAt} does not fit the type
     */
    public UpdateAction {
        Objects.requireNonNull(type, "action type");
        if (type == ActionType.TIME_FORCED && forceAt == null) {
            throw new IllegalArgumentException("a TIME_FORCED action needs the instant it becomes forced");
        }
        if (type != ActionType.TIME_FORCED && forceAt != null) {
            throw new IllegalArgumentException("only a TIME_FORCED action has a force time, not " + type);
        }
    }

    /**
     * An action the host may not decline.
     *
     * @return a FORCED action
     */
    public static UpdateAction forced() {
        return new UpdateAction(ActionType.FORCED, null);
    }

    /**
     * An action the user may defer under ASK_USER.
     *
     * @return a SOFT action
     */
    public static UpdateAction soft() {
        return new UpdateAction(ActionType.SOFT, null);
    }

    /**
     * Download and verify only, never swap.
     *
     * @return a DOWNLOAD_ONLY action
     */
    public static UpdateAction downloadOnly() {
        return new UpdateAction(ActionType.DOWNLOAD_ONLY, null);
    }

    /**
     * SOFT until {@code forceAt}, FORCED from then on.
     *
     * @param forceAt the switch-over instant
     * @return a TIME_FORCED action
     * @throws NullPointerException when {@code forceAt} is null
     */
    public static UpdateAction timeForced(Instant forceAt) {
        return new UpdateAction(ActionType.TIME_FORCED, Objects.requireNonNull(forceAt, "forceAt"));
    }

    /**
     * Whether the host may no longer decline.
     *
     * @param now the instant to judge at
     * @return true for FORCED, and for TIME_FORCED from {@code forceAt} on
     */
    public boolean isForcedAt(Instant now) {
        return type == ActionType.FORCED || (type == ActionType.TIME_FORCED && !now.isBefore(forceAt));
    }
}
