package io.patchbay.policy.api;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An assigned update waiting for its policy: the target patch level, how and when it may be applied.
 * Checks that need no clock happen here; a deadline already past is refused by {@link PolicyEngine#offer}.
 *
 * @param targetLevel the patch level id to reach (printable, at most 128 characters)
 * @param policy      when it may be swapped in
 * @param action      whether the host may decline
 * @param windows     when a swap may start; none means always; at most {@link #MAX_WINDOWS}
 */
public record PendingUpdate(String targetLevel, UpdatePolicy policy, UpdateAction action,
                            List<MaintenanceWindow> windows) {

    /** Most maintenance windows one update may carry. */
    public static final int MAX_WINDOWS = 32;
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

    /**
     * Checks the update.
     *
     * @param targetLevel the patch level id
     * @param policy      the policy
     * @param action      the action
     * @param windows     the maintenance windows (copied)
     * @throws NullPointerException     when a component is null
     * @throws IllegalArgumentException when the level id is malformed, there are too many windows, or a
     *                                  DOWNLOAD_ONLY action carries a deadline (the level would never be reached)
     */
    public PendingUpdate {
        Objects.requireNonNull(targetLevel, "targetLevel");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(windows, "windows");
        if (!LEVEL.matcher(targetLevel).matches()) {
            throw new IllegalArgumentException("not a patch level id: \"" + targetLevel + "\"");
        }
        if (windows.size() > MAX_WINDOWS) {
            throw new IllegalArgumentException("at most " + MAX_WINDOWS + " maintenance windows, not " + windows.size());
        }
        if (action.type() == ActionType.DOWNLOAD_ONLY && policy.deadline().isPresent()) {
            // The level would never be reached, so the deadline could only ever punish the host.
            throw new IllegalArgumentException("a DOWNLOAD_ONLY action never applies, so it cannot carry a deadline");
        }
        windows = List.copyOf(windows);
    }

    /**
     * An update without maintenance windows.
     *
     * @param targetLevel the patch level id
     * @param policy      the policy
     * @param action      the action
     * @return the update
     */
    public static PendingUpdate of(String targetLevel, UpdatePolicy policy, UpdateAction action) {
        return new PendingUpdate(targetLevel, policy, action, List.of());
    }

    /**
     * The same update with other maintenance windows.
     *
     * @param windows the windows
     * @return a copy
     */
    public PendingUpdate withWindows(List<MaintenanceWindow> windows) {
        return new PendingUpdate(targetLevel, policy, action, windows);
    }
}
