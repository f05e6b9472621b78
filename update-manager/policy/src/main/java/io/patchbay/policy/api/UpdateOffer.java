package io.patchbay.policy.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What the user is asked about: the level, how often it was deferred so far, and the deadline if any
 * (so the host can say "you can defer until ...").
 *
 * @param targetLevel    the patch level id on offer
 * @param deferralsSoFar how often the user deferred it so far
 * @param deadline       the deadline; empty if none
 */
public record UpdateOffer(String targetLevel, int deferralsSoFar, Optional<Instant> deadline) {
}
