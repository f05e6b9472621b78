package io.patchbay.policy.impl;

import io.patchbay.policy.api.Decision;
import io.patchbay.policy.api.PendingUpdate;
import io.patchbay.policy.api.PolicyReport;
import io.patchbay.policy.api.UserChoice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The engine's state for the one update it holds. Guarded by the engine's lock. */
final class Pending {

    final PendingUpdate update;
    final History history = new History();
    boolean downloaded;
    boolean swapInFlight;
    int deferrals;
    int unanswered;
    UserChoice lastChoice;
    boolean accepted;
    Instant nextAskAt;
    final List<Duration> warningsSent = new ArrayList<>();
    boolean enforced;
    /** Enforcement finished, successfully or not; it is not tried again. */
    boolean enforcementOver;
    int enforcementAttempts;
    Decision lastDecision = Decision.of(Decision.Verdict.WAIT, "not decided yet", null);

    Pending(PendingUpdate update) {
        this.update = update;
    }

    PolicyReport report() {
        return new PolicyReport(update.targetLevel(), deferrals, unanswered, Optional.ofNullable(lastChoice),
                List.copyOf(warningsSent), enforced, lastDecision, history.snapshot(), history.dropped());
    }
}
