package io.patchbay.policy.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A summary of one pending update's policy so far, for the agent's feedback to the server: the deferral
 * count and the user's last choice (ASK_USER), the warnings sent, whether the deadline was enforced, the
 * last decision, and the bounded history ({@code droppedEvents} counts the oldest entries dropped).
 */
public record PolicyReport(String targetLevel, int deferrals, int unanswered, Optional<UserChoice> lastChoice,
                           List<Duration> warningsSent, boolean enforced, Decision lastDecision,
                           List<PolicyEvent> history, long droppedEvents) {
}
