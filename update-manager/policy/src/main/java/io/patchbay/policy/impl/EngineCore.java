package io.patchbay.policy.impl;

import io.patchbay.policy.api.ActionType;
import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.Deadline;
import io.patchbay.policy.api.DeadlineWarning;
import io.patchbay.policy.api.EngineSettings;
import io.patchbay.policy.api.Decision;
import io.patchbay.policy.api.Decision.Verdict;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.policy.api.MaintenanceWindow;
import io.patchbay.policy.api.OnExpiry;
import io.patchbay.policy.api.PendingUpdate;
import io.patchbay.policy.api.PolicyEvent.Type;
import io.patchbay.policy.api.PolicyReport;
import io.patchbay.policy.api.SwapRunner;
import io.patchbay.policy.api.UpdatePolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The policy engine's state machine. Every public method takes one lock, so ticks, the agent's calls and
 * a host's commit point never interleave; host callbacks run on the executor ({@link BoundedCalls}), and
 * a commit-point swap runs outside the lock, so a slow swap never blocks ticks (they answer "a swap is
 * running"). The per-kind gates live in {@link Gates}. A tick holds the lock while it waits up to
 * {@code pollWait} for a callback's answer, so a concurrent commit point may wait that long (50 ms by
 * default) when a host callback is slow; collecting the answer outside the lock would remove that.
 */
final class EngineCore implements CommitPoint.Listener {

    private final Object lock = new Object();
    private final Clock clock;
    private final SwapRunner swapRunner;
    private final boolean hasCommitPoint;
    private final EngineSettings settings;
    private final Gates gates;
    private Pending pending;
    private PolicyReport lastReport;

    /** {@code executor} runs the host callbacks (the settings' own, or one the engine owns). */
    EngineCore(EngineSettings settings, Executor executor) {
        this.clock = settings.clock();
        this.swapRunner = settings.swapRunner();
        this.hasCommitPoint = settings.commitPoint() != null;
        this.settings = settings;
        this.gates = new Gates(settings.callbacks(), settings, new BoundedCalls(executor, clock, settings.pollWait()));
    }

    public void offer(PendingUpdate update) {
        synchronized (lock) {
            Instant now = clock.instant();
            Optional<Deadline> deadline = update.policy().deadline();
            if (deadline.isPresent() && !deadline.get().at().isAfter(now)) {
                throw new IllegalArgumentException("deadline " + deadline.get().at() + " is not after now (" + now
                        + "): a deadline must leave the host time to update");
            }
            if (pending != null && pending.swapInFlight) {
                throw new IllegalStateException("a swap to " + pending.update.targetLevel()
                        + " is running; offer the next update after it finished");
            }
            if (pending != null) {
                pending.history.record(now, Type.CANCELLED, "replaced by " + update.targetLevel());
                conclude();
            }
            pending = new Pending(update);
            pending.history.record(now, Type.OFFERED, update.targetLevel() + " policy " + update.policy()
                    + " action " + update.action().type() + " windows " + update.windows().size());
        }
    }

    public void downloaded() {
        synchronized (lock) {
            if (pending != null && !pending.downloaded) {
                pending.downloaded = true;
                pending.history.record(clock.instant(), Type.DOWNLOADED, pending.update.targetLevel());
            }
        }
    }

    /** Cancels the pending update unless its swap already started. */
    public boolean cancel() {
        synchronized (lock) {
            if (pending == null || pending.swapInFlight) {
                return false;
            }
            pending.history.record(clock.instant(), Type.CANCELLED, "cancelled");
            conclude();
            return true;
        }
    }

    public Decision tick() {
        synchronized (lock) {
            if (pending == null) {
                return Decision.of(Verdict.NONE, "no update pending", null);
            }
            Instant now = clock.instant();
            Decision d = decide(pending, now);
            pending.history.record(now, Type.DECISION, d.verdict() + ": " + d.reason());
            pending.lastDecision = d;
            if (d.verdict() == Verdict.APPLY_NOW) {
                pending.swapInFlight = true;
                pending.history.record(now, Type.SWAP_STARTED, "by the agent");
            }
            return d;
        }
    }

    /** The agent's swap after APPLY_NOW finished; the update is concluded either way. */
    public void swapFinished(boolean committed, String detail) {
        synchronized (lock) {
            if (pending != null && pending.swapInFlight) {
                pending.history.record(clock.instant(), committed ? Type.SWAP_SUCCEEDED : Type.SWAP_FAILED,
                        String.valueOf(detail));
                conclude();
            }
        }
    }

    public Optional<PolicyReport> report() {
        synchronized (lock) {
            return pending != null ? Optional.of(pending.report()) : Optional.ofNullable(lastReport);
        }
    }

    private void conclude() {
        lastReport = pending.report();
        pending = null;
        gates.forgetAll();
    }

    private Decision decide(Pending p, Instant now) {
        PendingUpdate u = p.update;
        gates.collectWarning(p, now);
        if (u.action().type() == ActionType.DOWNLOAD_ONLY) {
            return Decision.of(Verdict.DOWNLOAD_ONLY, "download-only action: fetched and verified, never applied", null);
        }
        Optional<Deadline> deadline = u.policy().deadline();
        boolean expired = deadline.isPresent() && !now.isBefore(deadline.get().at());
        if (expired && !p.enforcementOver) {
            Decision enforcement = gates.enforce(p, now, deadline.get());
            if (enforcement != null) {
                return enforcement;
            }
        }
        if (deadline.isPresent() && !expired) {
            gates.warn(p, now, deadline.get());
        }
        // Past the deadline the user's chance to defer is over: what remains is reaching the level.
        boolean forced = u.action().isForcedAt(now) || expired;
        Instant next = nextTimeEvent(p, now);
        if (p.swapInFlight) {
            return Decision.of(Verdict.WAIT, "a swap to " + u.targetLevel() + " is running", null);
        }
        if (!p.downloaded) {
            return Decision.of(Verdict.WAIT, "download not finished", next);
        }
        if (!MaintenanceWindow.anyOpen(u.windows(), now)) {
            Instant opens = MaintenanceWindow.nextOpening(u.windows(), now);
            return Decision.of(Verdict.WAIT, "outside maintenance windows; next opens at " + opens,
                    Gates.earliest(opens, next));
        }
        UpdatePolicy.Kind kind = u.policy().kind();
        switch (kind) {
            case NOW:
                return Decision.of(Verdict.APPLY_NOW, "policy NOW", null);
            case WHEN_IDLE:
                return gates.whenIdle(p, now, next);
            case AFTER_COMMIT:
                return Decision.of(Verdict.WAIT, hasCommitPoint
                        ? "waiting for the host's commit point"
                        : "the host offers no commit point; waiting" + (deadline.isPresent() ? " for the deadline" : ""),
                        next);
            default:
                if (forced) {
                    return Decision.of(Verdict.APPLY_NOW, "forced: the user is not asked", null);
                }
                if (p.accepted) {
                    return Decision.of(Verdict.APPLY_NOW, "the user accepted", null);
                }
                return gates.askUser(p, now, next);
        }
    }

    /** The next instant at which the decision may change by time alone, or null. */
    private static Instant nextTimeEvent(Pending p, Instant now) {
        Instant next = null;
        Optional<Deadline> deadline = p.update.policy().deadline();
        if (deadline.isPresent()) {
            Deadline d = deadline.get();
            if (d.at().isAfter(now)) {
                next = d.at();
            }
            for (Duration lead : d.warnings()) {
                Instant at = d.at().minus(lead);
                if (at.isAfter(now) && !p.warningsSent.contains(lead)) {
                    next = Gates.earliest(next, at);
                }
            }
        }
        Instant forceAt = p.update.action().forceAt();
        if (forceAt != null && forceAt.isAfter(now)) {
            next = Gates.earliest(next, forceAt);
        }
        if (p.nextAskAt != null && p.nextAskAt.isAfter(now)) {
            next = Gates.earliest(next, p.nextAskAt);
        }
        return next;
    }

    /** Runs on the host's thread inside {@link CommitPoint#reached()}; see there for why synchronously. */
    @Override
    public CommitPoint.Outcome atCommitPoint() {
        PendingUpdate update;
        synchronized (lock) {
            Pending p = pending;
            if (p == null || p.update.policy().kind() != UpdatePolicy.Kind.AFTER_COMMIT) {
                return CommitPoint.Outcome.NOTHING_PENDING;
            }
            Instant now = clock.instant();
            if (p.update.action().type() == ActionType.DOWNLOAD_ONLY || !p.downloaded || p.swapInFlight
                    || !MaintenanceWindow.anyOpen(p.update.windows(), now)) {
                return CommitPoint.Outcome.NOT_NOW;
            }
            p.swapInFlight = true;
            p.history.record(now, Type.SWAP_STARTED, "at the host's commit point");
            update = p.update;
        }
        CompletableFuture<Boolean> swap;
        try {
            swap = swapRunner.swap(update).toCompletableFuture();
        } catch (RuntimeException e) {
            finish(update, false, "swap runner threw " + BoundedCalls.describe(e));
            return CommitPoint.Outcome.SWAP_FAILED;
        }
        // Registered before waiting, so the outcome is recorded even when the wait below runs out.
        swap.whenComplete((ok, e) -> finish(update, e == null && Boolean.TRUE.equals(ok),
                e != null ? BoundedCalls.describe(e) : Boolean.TRUE.equals(ok) ? "committed" : "not committed"));
        try {
            Boolean ok = swap.get(settings.commitSwapWait().toNanos(), TimeUnit.NANOSECONDS);
            return Boolean.TRUE.equals(ok) ? CommitPoint.Outcome.SWAPPED : CommitPoint.Outcome.SWAP_FAILED;
        } catch (ExecutionException e) {
            return CommitPoint.Outcome.SWAP_FAILED;
        } catch (TimeoutException e) {
            return CommitPoint.Outcome.SWAP_TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommitPoint.Outcome.SWAP_TIMED_OUT;
        }
    }

    private void finish(PendingUpdate update, boolean committed, String detail) {
        synchronized (lock) {
            // Identity: only the swap this commit point started may conclude its update.
            if (pending != null && pending.update == update && pending.swapInFlight) {
                pending.history.record(clock.instant(), committed ? Type.SWAP_SUCCEEDED : Type.SWAP_FAILED, detail);
                conclude();
            }
        }
    }

    static String enforcementName(OnExpiry onExpiry) {
        return onExpiry.kind() == OnExpiry.Kind.SHUT_DOWN ? "shutDown" : "disableFeatures";
    }

    static DeadlineWarning warning(Pending p, Deadline d, Instant now) {
        return new DeadlineWarning(p.update.targetLevel(), d.at(), Duration.between(now, d.at()), d.onExpiry());
    }
}
