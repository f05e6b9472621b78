package io.patchbay.policy.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A summary of one pending update's policy so far, for the agent's feedback to the server: the deferral
 * count and the user's last choice (ASK_USER), the warnings sent, whether the deadline was enforced, the
 * last decision, and the bounded history ({@code droppedEvents} counts the oldest entries dropped).
 *
 * @param targetLevel   the update's patch level id
 * @param deferrals     how often the user deferred (unanswered questions included)
 * @param unanswered    how many of those were unanswered questions
 * @param lastChoice    the user's last answer; empty if never answered
 * @param warningsSent  the deadline warning leads sent so far
 * @param enforced      whether the deadline was enforced
 * @param lastDecision  the latest tick's decision
 * @param history       the recorded events, oldest first (bounded)
 * @param droppedEvents how many of the oldest events were dropped to keep the history bounded
 */
public record PolicyReport(String targetLevel, int deferrals, int unanswered, Optional<UserChoice> lastChoice,
                           List<Duration> warningsSent, boolean enforced, Decision lastDecision,
                           List<PolicyEvent> history, long droppedEvents) {
}
