package io.patchbay.policy.impl;

import io.patchbay.policy.api.Deadline;
import io.patchbay.policy.api.Decision;
import io.patchbay.policy.api.Decision.Verdict;
import io.patchbay.policy.api.EngineSettings;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.policy.api.OnExpiry;
import io.patchbay.policy.api.PolicyEvent.Type;
import io.patchbay.policy.api.UpdateOffer;
import io.patchbay.policy.api.UserChoice;
import io.patchbay.policy.impl.BoundedCalls.Result;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The steps that consult the host: idleness, the user's answer, deadline warnings and enforcement. Each
 * treats a callback that is missing, throws or does not answer in time as "not now", records why, and
 * never lets it escape to the agent. Called under the engine's lock.
 */
final class Gates {

    /** A host that keeps throwing from its enforcement callback is given up on after this many tries. */
    static final int MAX_ENFORCEMENT_ATTEMPTS = 3;

    private final HostCallbacks host;
    private final EngineSettings settings;
    private final BoundedCalls calls;

    Gates(HostCallbacks host, EngineSettings settings, BoundedCalls calls) {
        this.host = host;
        this.settings = settings;
        this.calls = calls;
    }

    void forgetAll() {
        calls.forgetAll();
    }

    Decision whenIdle(Pending p, Instant now, Instant next) {
        Result<Boolean> r = calls.call("isIdle", () -> CompletableFuture.completedFuture(host.isIdle()),
                settings.callbackTimeout());
        Instant recheck = earliest(now.plus(settings.idleRecheck()), next);
        switch (r.state()) {
            case DONE:
                return Boolean.TRUE.equals(r.value())
                        ? Decision.of(Verdict.APPLY_NOW, "the host is idle", null)
                        : Decision.of(Verdict.WAIT, "the host is busy", recheck);
            case PENDING:
                return Decision.of(Verdict.WAIT, "waiting for isIdle to answer", earliest(r.deadline(), next));
            case NOT_IMPLEMENTED:
                p.history.record(now, Type.CALLBACK_NOT_IMPLEMENTED, r.problem());
                return Decision.of(Verdict.WAIT, "the host does not report idleness; never swapping unannounced"
                        + waitingFor(p), next);
            default:
                note(p, now, r);
                return Decision.of(Verdict.WAIT, r.problem() + "; treated as busy", recheck);
        }
    }

    Decision askUser(Pending p, Instant now, Instant next) {
        boolean fresh = !calls.hasOutstanding("askUser");
        if (fresh && p.nextAskAt != null && now.isBefore(p.nextAskAt)) {
            return Decision.of(Verdict.WAIT, "the user deferred (" + p.deferrals + "); asking again at " + p.nextAskAt,
                    earliest(p.nextAskAt, next));
        }
        UpdateOffer offer = new UpdateOffer(p.update.targetLevel(), p.deferrals,
                p.update.policy().deadline().map(Deadline::at));
        Result<UserChoice> r = calls.call("askUser", () -> host.askUser(offer), settings.askTimeout());
        if (fresh && r.state() != BoundedCalls.State.NOT_IMPLEMENTED && r.state() != BoundedCalls.State.STILL_HUNG) {
            p.history.record(now, Type.ASKED, "deferrals so far " + p.deferrals);
        }
        switch (r.state()) {
            case DONE:
                if (r.value() == UserChoice.ACCEPT) {
                    p.accepted = true;
                    p.lastChoice = UserChoice.ACCEPT;
                    p.history.record(now, Type.USER_ACCEPTED, "after " + p.deferrals + " deferrals");
                    return Decision.of(Verdict.APPLY_NOW, "the user accepted", null);
                }
                p.deferrals++;
                p.lastChoice = UserChoice.DEFER;
                p.nextAskAt = now.plus(settings.reaskAfter());
                p.history.record(now, Type.USER_DEFERRED, "deferral " + p.deferrals);
                return Decision.of(Verdict.WAIT, "the user deferred (" + p.deferrals + "); asking again at "
                        + p.nextAskAt, earliest(p.nextAskAt, next));
            case PENDING:
                return Decision.of(Verdict.ASK, "waiting for the user's answer", earliest(r.deadline(), next));
            case TIMED_OUT:
                p.deferrals++;
                p.unanswered++;
                p.nextAskAt = now.plus(settings.reaskAfter());
                p.history.record(now, Type.ASK_UNANSWERED, "no answer by " + r.deadline() + "; deferral " + p.deferrals);
                return Decision.of(Verdict.WAIT, "the user did not answer in time; counted as deferred",
                        earliest(p.nextAskAt, next));
            case NOT_IMPLEMENTED:
                p.history.record(now, Type.CALLBACK_NOT_IMPLEMENTED, r.problem());
                return Decision.of(Verdict.WAIT, "the host does not ask its user; not swapping without consent"
                        + waitingFor(p), next);
            case FAILED:
                note(p, now, r);
                p.nextAskAt = now.plus(settings.reaskAfter());
                return Decision.of(Verdict.WAIT, r.problem() + "; asking again at " + p.nextAskAt,
                        earliest(p.nextAskAt, next));
            default:
                return Decision.of(Verdict.WAIT, r.problem(), next);
        }
    }

    /** Sends the most imminent due warning, once; leads already passed unsent are marked sent with it. */
    void warn(Pending p, Instant now, Deadline d) {
        Duration due = null;
        for (Duration lead : d.warnings()) { // largest first, so the last due one is the most imminent
            if (!p.warningsSent.contains(lead) && !now.isBefore(d.at().minus(lead))) {
                due = lead;
                p.warningsSent.add(lead);
            }
        }
        if (due == null) {
            return;
        }
        var warning = EngineCore.warning(p, d, now);
        if (calls.hasOutstanding("deadlineWarning")) {
            p.history.record(now, Type.WARNING_SENT, "lead " + due + " not delivered: the previous warning is still running");
            return;
        }
        Result<Void> r = calls.call("deadlineWarning", () -> {
            host.deadlineWarning(warning);
            return CompletableFuture.completedFuture(null);
        }, settings.callbackTimeout());
        p.history.record(now, Type.WARNING_SENT, "lead " + due + ", remaining " + warning.remaining());
        note(p, now, r);
    }

    /** Records the outcome of a warning still in flight from an earlier tick. */
    void collectWarning(Pending p, Instant now) {
        Result<Void> r = calls.collect("deadlineWarning");
        if (r != null) {
            note(p, now, r);
        }
    }

    /** Tells the host to enforce; a Decision when enforcement concluded, null to carry on with the tick. */
    Decision enforce(Pending p, Instant now, Deadline d) {
        OnExpiry onExpiry = d.onExpiry();
        String reason = "level " + p.update.targetLevel() + " not reached by the deadline " + d.at();
        Result<Void> r = calls.call(EngineCore.enforcementName(onExpiry), () -> {
            if (onExpiry.kind() == OnExpiry.Kind.SHUT_DOWN) {
                host.shutDown(reason);
            } else {
                host.disableFeatures(onExpiry.features(), reason);
            }
            return CompletableFuture.completedFuture(null);
        }, settings.callbackTimeout());
        switch (r.state()) {
            case DONE:
                p.enforced = true;
                p.enforcementOver = true;
                p.history.record(now, Type.ENFORCED, onExpiry.kind() + " " + onExpiry.features());
                return Decision.enforced(onExpiry, reason);
            case PENDING:
                return Decision.of(Verdict.WAIT, "the host is enforcing the deadline", r.deadline());
            case FAILED:
                p.enforcementAttempts++;
                p.history.record(now, Type.ENFORCEMENT_FAILED, r.problem() + " (attempt " + p.enforcementAttempts + ")");
                if (p.enforcementAttempts < MAX_ENFORCEMENT_ATTEMPTS) {
                    return Decision.of(Verdict.WAIT, r.problem() + "; retrying enforcement", now);
                }
                p.enforcementOver = true;
                return Decision.enforced(onExpiry, reason + "; enforcement failed: " + r.problem());
            default: // NOT_IMPLEMENTED, TIMED_OUT, STILL_HUNG: retrying would not help
                p.enforcementOver = true;
                p.history.record(now, Type.ENFORCEMENT_FAILED, r.problem());
                return Decision.enforced(onExpiry, reason + "; enforcement failed: " + r.problem());
        }
    }

    private static void note(Pending p, Instant now, Result<?> r) {
        switch (r.state()) {
            case FAILED -> p.history.record(now, Type.CALLBACK_FAILED, r.problem());
            case TIMED_OUT, STILL_HUNG -> p.history.record(now, Type.CALLBACK_TIMED_OUT, r.problem());
            case NOT_IMPLEMENTED -> p.history.record(now, Type.CALLBACK_NOT_IMPLEMENTED, r.problem());
            default -> { }
        }
    }

    private static String waitingFor(Pending p) {
        return p.update.policy().deadline().isPresent() ? "; waiting for the deadline" : "; waiting";
    }

    static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
