package io.patchbay.policy.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The instant by which the assigned level must run, the lead times at which the host is warned, and the
 * operator's choice at expiry. Warning leads are kept largest first (the first warning sent is the
 * earliest). Whether the instant is in the past is checked against the engine's clock when the update is
 * offered ({@link PolicyEngine#offer}), since a value has no clock.
 *
 * @param at       the instant by which the assigned level must run
 * @param warnings how long before {@code at} the host is warned; each positive, at most
 *                 {@link #MAX_WARNING_LEAD}, no duplicates, at most {@link #MAX_WARNINGS}; kept largest first
 * @param onExpiry what happens if the level is not reached by {@code at}
 */
public record Deadline(Instant at, List<Duration> warnings, OnExpiry onExpiry) {

    /** Leads beyond this are a typo (ms for s), not a plan. */
    public static final Duration MAX_WARNING_LEAD = Duration.ofDays(90);
    /** Most warning leads one deadline may carry. */
    public static final int MAX_WARNINGS = 16;

    /**
     * Checks the leads and sorts them largest first.
     *
     * @param at       the deadline
     * @param warnings the warning leads (copied)
     * @param onExpiry the operator's choice at expiry
     * @throws NullPointerException     when a component is null
     * @throws IllegalArgumentException when a lead is null, not positive, too long or repeated, or there are too many
     */
    public Deadline {
        Objects.requireNonNull(at, "deadline instant");
        Objects.requireNonNull(onExpiry, "onExpiry");
        Objects.requireNonNull(warnings, "warnings");
        if (warnings.size() > MAX_WARNINGS) {
            throw new IllegalArgumentException("at most " + MAX_WARNINGS + " warnings, not " + warnings.size());
        }
        List<Duration> sorted = new ArrayList<>();
        for (Duration lead : warnings) {
            if (lead == null || lead.isZero() || lead.isNegative()) {
                throw new IllegalArgumentException("a warning lead must be positive, not " + lead);
            }
            if (lead.compareTo(MAX_WARNING_LEAD) > 0) {
                throw new IllegalArgumentException("a warning lead of " + lead + " exceeds " + MAX_WARNING_LEAD);
            }
            if (sorted.contains(lead)) {
                throw new IllegalArgumentException("duplicate warning lead " + lead);
            }
            sorted.add(lead);
        }
        sorted.sort(Comparator.reverseOrder());
        warnings = List.copyOf(sorted);
    }
}
