package io.patchbay.agent.impl.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.impl.report.SwapMarker;
import io.patchbay.agent.impl.update.DeploymentHandler.Download;
import io.patchbay.agent.impl.update.DeploymentParser.MalformedDeploymentException;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.policy.api.Decision;
import io.patchbay.policy.api.PendingUpdate;
import io.patchbay.policy.api.PolicyEngine;
import io.patchbay.policy.api.SwapRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Acts on the deployment the server assigns: the check-in reply's {@code deployment} becomes the
 * {@link PolicyEngine}'s pending update, and every tick (after each check-in, and at the short re-check the
 * engine's {@link Decision} asks for) the agent downloads what it lacks through TUF and does what the engine says:
 * WAIT / ASK / DOWNLOAD_ONLY / ENFORCE_DEADLINE (reported as WAITING_FOR_POLICY with the engine's report, once per
 * change) or APPLY_NOW (APPLYING, then the swap is handed to {@code PatchService} without waiting for it). Under
 * AFTER_COMMIT the engine calls {@link #swap} on the host's thread at its commit point; it submits the same bytes.
 *
 * <p>A swap may replace this agent (a release carrying a new agent bundle): the runtime stops the agent's bundle
 * while the swap runs, on the swap thread. So the agent never waits for a swap on its own thread (the stop would
 * wait for that thread: a deadlock until a timeout), and nothing about a running swap lives only in memory: the
 * {@link SwapMarker} is written before the submit, and every tick first settles it from the swap history. Whichever
 * agent revision runs when the swap's record appears (this one, the new one, or the old one again after a
 * rollback) concludes the deployment; the record itself is reported once, by the reporter, with the deployment id.
 *
 * <p>Never applied: a release already at or below the running level, a malformed deployment, one TUF refused, and a
 * release the swap history records as CRASHED (or the runtime refuses as CRASHED_BEFORE). The one exception to the
 * level rule is a rollback of a halted rollout: marked so by the server, undoing exactly the level this host runs, and
 * applied only if its bytes are a patch this runtime committed before ({@link RollbackCheck}). Each is reported once and
 * not tried again. A deployment that disappears from the reply (cancelled) is dropped if its swap has not started.
 * Ticks run on the agent's scheduler thread; {@link #swap} reads only volatile state and takes no lock here.
 *
 * <p>The swap in flight (marker, submit, settling its end) is the {@link SwapInFlight}'s; it has no lock of its own
 * and is settled only under this controller's monitor.
 */
public final class DeploymentController implements SwapRunner, AutoCloseable {
    private final PatchService patches;
    private final DeploymentHandler handler;
    private final StatusLog log;
    private final SwapMarker marker;
    private final DeploymentLedger ledger;
    private final SwapInFlight swaps;
    private PolicyEngine engine;
    private volatile ActiveDeployment active;

    /**
     * @param swapTimeout how long after its submit a swap without a history record counts as lost (the runtime
     *                    restarted before running it), so its deployment may be offered again; never while this
     *                    agent still holds the swap's unfinished stage (a long queue or a slow swap)
     * @param afterSwap   run (on the swap's thread) when a swap this agent submitted ended: the agent checks in and
     *                    reports at once, if it still runs
     * @param marker      the persisted marker of the submitted swap, shared with the reporter
     */
    public DeploymentController(PatchService patches, DeploymentHandler handler, StatusLog log, Duration swapTimeout,
                                Runnable afterSwap, SwapMarker marker, Clock clock) {
        this.patches = Objects.requireNonNull(patches, "patches");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.log = Objects.requireNonNull(log, "log");
        Objects.requireNonNull(swapTimeout, "swapTimeout");
        Objects.requireNonNull(afterSwap, "afterSwap");
        this.marker = Objects.requireNonNull(marker, "marker");
        this.ledger = new DeploymentLedger(patches, marker, log);
        Objects.requireNonNull(clock, "clock");
        this.swaps = new SwapInFlight(patches, handler, marker, ledger, swapTimeout, afterSwap, clock, log,
                new SwapInFlight.Owner() {
                    @Override
                    public void ended(ActiveDeployment a, boolean committed, String how) {
                        engine.swapFinished(committed, how);
                        finish(a, how);
                    }

                    @Override
                    public void lost(ActiveDeployment a) {
                        engine.swapFinished(false, "lost: no history record");
                        active = null;
                    }
                });
    }

    /** Set once, before the first tick (the engine needs this controller as its swap runner). */
    public void engine(PolicyEngine policyEngine) {
        this.engine = Objects.requireNonNull(policyEngine, "engine");
    }

    /** The check-in reply's raw {@code deployment}: start, keep, replace or drop the pending update, then tick. */
    public synchronized Optional<Instant> onCheckIn(JsonNode raw, FeedbackSender feedback) {
        Optional<Instant> inFlight = settle(feedback);
        if (inFlight.isPresent()) {
            return inFlight; // nothing new starts while a submitted swap has not ended
        }
        Deployment d;
        try {
            d = DeploymentParser.parse(raw);
        } catch (MalformedDeploymentException e) {
            drop("the server's assignment is malformed");
            ledger.refuse(e.deploymentId(), e.level(), e.getMessage(), feedback);
            return Optional.empty();
        }
        if (d == null) {
            drop("cancelled on the server");
            return Optional.empty();
        }
        ActiveDeployment current = active;
        if (current != null && current.deployment.id().equals(d.id())) {
            return tick(feedback);
        }
        long running = marker.runningLevel(patches);
        boolean downgrade = d.rollback() != null && d.level() < running;
        if (d.rollback() != null && !downgrade) {
            d = d.withoutRollback(); // marked, but not below the running level: an ordinary deployment
        }
        if (ledger.concluded(d.id()) || (running >= d.level() && !downgrade)) {
            drop("the server assigns a level this host already runs");
            return Optional.empty(); // already handled, or nothing to do
        }
        if (downgrade && d.rollback().replacesLevel() != running) {
            drop("replaced by deployment " + d.id());
            ledger.refuse(d.id(), d.level(), "rollback of deployment " + d.id() + " undoes level "
                    + d.rollback().replacesLevel() + " but this host runs level " + running
                    + "; it would undo more than the halted release", feedback);
            return Optional.empty();
        }
        Optional<SwapRecord> crashed = ledger.crashed(d.releaseId());
        if (crashed.isPresent()) {
            drop("replaced by deployment " + d.id());
            ledger.refuse(d.id(), d.level(), "release " + d.releaseId() + " crashed this host (swap "
                    + crashed.get().transactionId() + "); it is never applied automatically again", feedback);
            return Optional.empty();
        }
        PendingUpdate update;
        try {
            update = PolicyMapping.pendingUpdate(d);
            if (current != null && current.swapStarted) {
                return Optional.empty(); // a swap of the current one is running: offer the next one after it
            }
            engine.offer(update); // replaces (and concludes) the current one, if any
        } catch (MalformedDeploymentException e) {
            ledger.refuse(d.id(), d.level(), e.getMessage(), feedback);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            ledger.refuse(d.id(), d.level(), "deployment " + d.id() + " refused by the policy engine: "
                    + e.getMessage(), feedback);
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty(); // a swap is running; the next check-in offers it again
        }
        if (current != null) {
            log.info("deployment " + current.deployment.id() + " dropped before it was applied: replaced by " + d.id());
        }
        active = new ActiveDeployment(d, update);
        log.info("deployment " + d.id() + " assigned: release " + d.releaseId() + " (level " + d.level() + "), policy "
                + update.policy() + ", action " + update.action().type()
                + (update.windows().isEmpty() ? "" : ", maintenance window"));
        return tick(feedback);
    }

    /** One tick of the pending deployment; returns when the engine wants to be asked again, if sooner than a poll. */
    public synchronized Optional<Instant> tick(FeedbackSender feedback) {
        Optional<Instant> inFlight = settle(feedback);
        if (inFlight.isPresent()) {
            return inFlight;
        }
        ActiveDeployment a = active;
        if (a == null) {
            return Optional.empty();
        }
        if (a.artifacts == null) {
            Download download = handler.download(a.deployment, feedback);
            if (download.ok()) {
                a.artifacts = download.artifacts();
                engine.downloaded();
            } else if (download.rejected()) {
                engine.cancel();
                finish(a, "refused by TUF (reported): " + download.cause());
                return Optional.empty();
            } else if (!download.cause().equals(a.lastDownloadProblem)) {
                a.lastDownloadProblem = download.cause();
                log.warn("deployment " + a.deployment.id() + ": " + download.cause() + "; retrying at the next check");
            }
        }
        Decision decision = engine.tick();
        switch (decision.verdict()) {
            case NONE -> {
                // concluded without this tick: the host's commit point ran the swap (reported from the history)
                finish(a, "swapped at the host's commit point");
                return Optional.empty();
            }
            case APPLY_NOW -> {
                return apply(a, feedback);
            }
            default -> {
                if (a.artifacts == null && decision.verdict() != Decision.Verdict.ENFORCE_DEADLINE) {
                    return Optional.empty(); // the next check-in retries the download
                }
                waiting(a, decision, feedback);
                return decision.recheckAt();
            }
        }
    }

    /**
     * APPLYING, then the marker and the submit; returns at once. The swap's end is settled from the history: here
     * when it already ended, else at a later tick (this agent's, after {@code afterSwap}, or the next revision's).
     */
    private Optional<Instant> apply(ActiveDeployment a, FeedbackSender feedback) {
        send(feedback, a, "APPLYING", null);
        if (!swaps.submit(a)) {
            engine.swapFinished(false, "not submitted: the swap marker cannot be written");
            a.swapStarted = false;
            active = null; // offered again at the next check-in
            return Optional.empty();
        }
        return settle(feedback);
    }

    /** Settles the marked swap (see {@link SwapInFlight#settle}); returns when to look again while it is in flight. */
    private Optional<Instant> settle(FeedbackSender feedback) {
        return swaps.settle(active, feedback);
    }

    /** Reports WAITING_FOR_POLICY with the engine's report, and logs, when the verdict or its reason changed. */
    private void waiting(ActiveDeployment a, Decision decision, FeedbackSender feedback) {
        String key = decision.verdict() + ": " + decision.reason();
        if (key.equals(a.lastReported)) {
            return;
        }
        a.lastReported = key;
        String line = "deployment " + a.deployment.id() + " " + key;
        if (decision.verdict() == Decision.Verdict.ENFORCE_DEADLINE) {
            log.warn(line);
        } else {
            log.info(line);
        }
        send(feedback, a, "WAITING_FOR_POLICY", null);
    }

    /** Under AFTER_COMMIT, on the host's thread inside {@code CommitPoint.reached()}: submit the downloaded bytes. */
    @Override
    public CompletionStage<Boolean> swap(PendingUpdate update) {
        ActiveDeployment a = active;
        if (a == null || a.update != update || a.artifacts == null) {
            return CompletableFuture.completedFuture(false);
        }
        return swaps.atCommitPoint(a);
    }

    /** Drops the pending update unless its swap already started. */
    private void drop(String why) {
        ActiveDeployment a = active;
        if (a == null) {
            return;
        }
        if (a.swapStarted) {
            return; // at the host's commit point: it ends by itself and is reported from the history
        }
        engine.cancel();
        active = null;
        log.info("deployment " + a.deployment.id() + " dropped before it was applied: " + why);
    }

    private void finish(ActiveDeployment a, String how) {
        ledger.remember(a.deployment.id());
        if (active == a) {
            active = null;
        }
        log.info("deployment " + a.deployment.id() + " of release " + a.deployment.releaseId() + " ended: " + how);
    }

    private void send(FeedbackSender feedback, ActiveDeployment a, String state, String cause) {
        Map<String, Object> policy = engine.report().map(PolicyReports::json).orElse(null);
        TufDeploymentHandler.send(feedback, new FeedbackRequest(a.deployment.level(), state, cause, List.of(), null,
                a.deployment.releaseId(), null, a.deployment.id(), policy));
    }

    /** The deployment being worked on, for diagnostics and tests. */
    public Optional<String> activeDeployment() {
        ActiveDeployment a = active;
        return a == null ? Optional.empty() : Optional.of(a.deployment.id());
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
