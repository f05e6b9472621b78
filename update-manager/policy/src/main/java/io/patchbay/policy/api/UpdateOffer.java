package io.patchbay.policy.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What the user is asked about: the level, how often it was deferred so far, and the deadline if any
 * (so the host can say "you can defer until ...").
 */
public record UpdateOffer(String targetLevel, int deferralsSoFar, Optional<Instant> deadline) {
}
