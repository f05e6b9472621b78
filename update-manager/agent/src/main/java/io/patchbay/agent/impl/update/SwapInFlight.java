package io.patchbay.agent.impl.update;

import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.impl.report.SwapMarker;
import io.patchbay.agent.impl.update.DeploymentHandler.Result;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The swap in flight: the {@link SwapMarker} written before the submit, the submit, and settling the swap's end from
 * the swap history. Apart from the {@link DeploymentController}, which decides what to apply and when, because this
 * half must hold across agent revisions: a swap may replace the agent that submitted it, so nothing here lives only
 * in memory, and whichever revision runs when the record appears settles it.
 *
 * <p>No lock of its own: {@link #settle} and {@link #submit} run only under the controller's monitor (inside its
 * check-in and tick); {@link #atCommitPoint} runs on the host's thread without it, as the controller's {@code swap}
 * always did, and writes only the marker and the {@link ActiveDeployment}'s volatile fields.
 */
final class SwapInFlight {
    /** How often a tick looks for the record of a swap in flight (a local history read). */
    static final Duration IN_FLIGHT_RECHECK = Duration.ofSeconds(2);

    /** What the controller does when the swap of the deployment it works on is settled. */
    interface Owner {
        /** The swap ended (its record found, or its submit failed): the engine hears of it, the deployment ends. */
        void ended(ActiveDeployment a, boolean committed, String how);

        /** No record long after the submit: the engine hears of it, and the deployment may be offered again. */
        void lost(ActiveDeployment a);
    }

    private final PatchService patches;
    private final DeploymentHandler handler;
    private final SwapMarker marker;
    private final DeploymentLedger ledger;
    private final Duration swapTimeout;
    private final Runnable afterSwap;
    private final Clock clock;
    private final StatusLog log;
    private final Owner owner;

    /** See {@link DeploymentController}'s constructor for {@code swapTimeout} and {@code afterSwap}. */
    SwapInFlight(PatchService patches, DeploymentHandler handler, SwapMarker marker, DeploymentLedger ledger,
                 Duration swapTimeout, Runnable afterSwap, Clock clock, StatusLog log, Owner owner) {
        this.patches = patches;
        this.handler = handler;
        this.marker = marker;
        this.ledger = ledger;
        this.swapTimeout = swapTimeout;
        this.afterSwap = afterSwap;
        this.clock = clock;
        this.log = log;
        this.owner = owner;
    }

    /** Marks, then submits {@code a}; false (nothing submitted) when the marker cannot be written. */
    boolean submit(ActiveDeployment a) {
        try {
            mark(a);
        } catch (IOException e) {
            // without the marker a swap that replaces the agent would be applied again by the next revision
            log.warn("deployment " + a.deployment.id() + " not applied: cannot write the swap marker: "
                    + e.getMessage());
            return false;
        }
        CompletableFuture<SwapResult> swap = handOver(a).toCompletableFuture();
        if (!swap.isDone()) {
            swap.whenComplete((result, failure) -> afterSwap.run());
        }
        return true;
    }

    /** Under AFTER_COMMIT, on the host's thread: marks, then submits {@code a}; completes with whether it committed. */
    CompletionStage<Boolean> atCommitPoint(ActiveDeployment a) {
        try {
            mark(a);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return handOver(a).thenApply(SwapResult::committed).whenComplete((ok, e) -> afterSwap.run());
    }

    /** Writes the marker for {@code a}'s swap (before it is submitted). */
    private void mark(ActiveDeployment a) throws IOException {
        a.swapStarted = true;
        List<SwapRecord> newest = patches.history(1);
        long after = newest.isEmpty() ? 0 : newest.get(newest.size() - 1).sequence();
        try {
            marker.submitted(new SwapMarker.Pending(a.deployment.id(), a.deployment.releaseId(), a.deployment.level(),
                    after, clock.millis(), 0, null, false));
        } catch (IOException e) {
            a.swapStarted = false;
            throw e;
        }
    }

    /** Submits the marked swap; a stage that fails (no swap ran, so no record follows) is remembered for settle. */
    private CompletionStage<SwapResult> handOver(ActiveDeployment a) {
        CompletionStage<SwapResult> swap;
        try {
            swap = handler.submit(a.deployment, a.artifacts);
        } catch (RuntimeException e) {
            swap = CompletableFuture.failedFuture(e);
        }
        return swap.whenComplete((result, failure) -> {
            if (failure != null) {
                a.notRun = failure;
            }
            a.swapEnded = true;
        });
    }

    /**
     * Settles the marked swap: its history record found → the deployment is concluded (the reporter sends the
     * record); its submit failed → concluded and reported here (no record will come); no record long after the
     * submit → lost (the runtime restarted before running it). Returns when to look again while it is in flight.
     *
     * @param active the deployment the controller works on, if any (the marked swap may be an earlier revision's)
     */
    Optional<Instant> settle(ActiveDeployment active, FeedbackSender feedback) {
        Optional<SwapMarker.Pending> marked = marker.pending();
        if (marked.isEmpty() || marked.get().settled()) {
            return Optional.empty();
        }
        SwapMarker.Pending m = marked.get();
        ActiveDeployment a = active != null && active.deployment.id().equals(m.deploymentId()) ? active : null;
        Optional<SwapRecord> record = ledger.recordOf(m);
        if (record.isPresent()) {
            SwapRecord r = record.get();
            marker.settled(r);
            String how = r.outcome() + (r.cause() == null ? "" : " (" + r.cause() + ")");
            concluded(a, m, r.outcome() == SwapResult.Outcome.COMMITTED, how);
            return Optional.empty();
        }
        if (a != null && a.notRun != null) {
            Result failed = TufDeploymentHandler.failed(a.notRun);
            marker.settledWithoutRecord(failed.state());
            if (TufDeploymentHandler.CRASHED_BEFORE.equals(failed.state())) {
                ledger.refuse(m.deploymentId(), m.level(), "release " + m.releaseId() + " crashed this host before"
                        + " (the runtime refused it: " + failed.cause() + "); it is never applied automatically again",
                        feedback);
            } else {
                ledger.refuse(m.deploymentId(), m.level(), "release " + m.releaseId() + " was not applied: "
                        + failed.cause(), feedback);
            }
            concluded(a, m, false, failed.state() + ": " + failed.cause()); // after the refusal: reported once
            return Optional.empty();
        }
        Instant lostAt = Instant.ofEpochMilli(m.submittedAt()).plus(swapTimeout);
        boolean heldHere = a != null && a.swapStarted && !a.swapEnded; // this agent's stage says it still runs
        if (!heldHere && !clock.instant().isBefore(lostAt)) {
            log.warn("deployment " + m.deploymentId() + ": the swap submitted at "
                    + Instant.ofEpochMilli(m.submittedAt())
                    + " left no record in the history; the runtime restarted before running it, so it may be offered"
                    + " again");
            marker.lost();
            if (a != null) {
                owner.lost(a);
            }
            return Optional.empty();
        }
        Instant again = clock.instant().plus(IN_FLIGHT_RECHECK);
        return Optional.of(heldHere || again.isBefore(lostAt) ? again : lostAt);
    }

    /** The marked swap ended: the owner is told (when this agent offered it) and the deployment not tried again. */
    private void concluded(ActiveDeployment a, SwapMarker.Pending m, boolean committed, String how) {
        ledger.remember(m.deploymentId());
        if (a != null) {
            owner.ended(a, committed, how);
        } else {
            log.info("deployment " + m.deploymentId() + " of release " + m.releaseId() + " ended: " + how
                    + " (submitted by an earlier agent revision)");
        }
    }
}
