package io.patchbay.agent.impl.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.impl.update.DeploymentHandler.Download;
import io.patchbay.agent.impl.update.DeploymentHandler.Result;
import io.patchbay.agent.impl.update.DeploymentParser.MalformedDeploymentException;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.policy.api.Decision;
import io.patchbay.policy.api.PendingUpdate;
import io.patchbay.policy.api.PolicyEngine;
import io.patchbay.policy.api.SwapRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Acts on the deployment the server assigns: the check-in reply's {@code deployment} becomes the
 * {@link PolicyEngine}'s pending update, and every tick (after each check-in, and at the short re-check the
 * engine's {@link Decision} asks for) the agent downloads what it lacks through TUF and does what the engine says:
 * WAIT / ASK / DOWNLOAD_ONLY / ENFORCE_DEADLINE (reported as WAITING_FOR_POLICY with the engine's report, once per
 * change) or APPLY_NOW (APPLYING, submit, wait; the final result comes from the swap history). Under AFTER_COMMIT
 * the engine calls {@link #swap} on the host's thread at its commit point; it submits the same downloaded bytes.
 *
 * <p>Never applied: a release already at or below the running level, a malformed deployment, one TUF refused, and a
 * release the swap history records as CRASHED (or the runtime refuses as CRASHED_BEFORE). Each is reported once and
 * not tried again. A deployment that disappears from the reply (cancelled) is dropped if its swap has not started.
 * Ticks run on the agent's scheduler thread; {@link #swap} reads only volatile state and takes no lock here.
 */
public final class DeploymentController implements SwapRunner, AutoCloseable {
    static final int HISTORY_SCAN = 256;
    static final int DONE_KEPT = 256;

    private final PatchService patches;
    private final DeploymentHandler handler;
    private final StatusLog log;
    private final Duration swapTimeout;
    private final Runnable afterCommitPointSwap;
    private final Set<String> done = new LinkedHashSet<>();
    private PolicyEngine engine;
    private String lastMalformed;
    private volatile Active active;

    /** The deployment being worked on. */
    private static final class Active {
        final Deployment deployment;
        final PendingUpdate update;
        volatile List<Patch.Artifact> artifacts;
        volatile boolean swapStarted;
        String lastReported;
        String lastDownloadProblem;

        Active(Deployment deployment, PendingUpdate update) {
            this.deployment = deployment;
            this.update = update;
        }
    }

    /**
     * @param afterCommitPointSwap run when a commit-point swap ended (the agent checks in and reports at once)
     */
    public DeploymentController(PatchService patches, DeploymentHandler handler, StatusLog log, Duration swapTimeout,
                                Runnable afterCommitPointSwap) {
        this.patches = Objects.requireNonNull(patches, "patches");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.log = Objects.requireNonNull(log, "log");
        this.swapTimeout = Objects.requireNonNull(swapTimeout, "swapTimeout");
        this.afterCommitPointSwap = Objects.requireNonNull(afterCommitPointSwap, "afterCommitPointSwap");
    }

    /** Set once, before the first tick (the engine needs this controller as its swap runner). */
    public void engine(PolicyEngine policyEngine) {
        this.engine = Objects.requireNonNull(policyEngine, "engine");
    }

    /** The check-in reply's raw {@code deployment}: start, keep, replace or drop the pending update, then tick. */
    public synchronized Optional<Instant> onCheckIn(JsonNode raw, FeedbackSender feedback) {
        Deployment d;
        try {
            d = DeploymentParser.parse(raw);
        } catch (MalformedDeploymentException e) {
            drop("the server's assignment is malformed");
            refuse(e.deploymentId(), e.level(), e.getMessage(), feedback);
            return Optional.empty();
        }
        if (d == null) {
            drop("cancelled on the server");
            return Optional.empty();
        }
        Active current = active;
        if (current != null && current.deployment.id().equals(d.id())) {
            return tick(feedback);
        }
        if (done.contains(d.id()) || patches.patchLevel().sequence() >= d.level()) {
            drop("the server assigns a level this host already runs");
            return Optional.empty(); // already handled, or nothing to do
        }
        Optional<SwapRecord> crashed = crashed(d.releaseId());
        if (crashed.isPresent()) {
            drop("replaced by deployment " + d.id());
            refuse(d.id(), d.level(), "release " + d.releaseId() + " crashed this host (swap "
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
            refuse(d.id(), d.level(), e.getMessage(), feedback);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            refuse(d.id(), d.level(), "deployment " + d.id() + " refused by the policy engine: " + e.getMessage(),
                    feedback);
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty(); // a swap is running; the next check-in offers it again
        }
        if (current != null) {
            log.info("deployment " + current.deployment.id() + " dropped before it was applied: replaced by " + d.id());
        }
        active = new Active(d, update);
        log.info("deployment " + d.id() + " assigned: release " + d.releaseId() + " (level " + d.level() + "), policy "
                + update.policy() + ", action " + update.action().type()
                + (update.windows().isEmpty() ? "" : ", maintenance window"));
        return tick(feedback);
    }

    /** One tick of the pending deployment; returns when the engine wants to be asked again, if sooner than a poll. */
    public synchronized Optional<Instant> tick(FeedbackSender feedback) {
        Active a = active;
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
                apply(a, feedback);
                return Optional.empty();
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

    private void apply(Active a, FeedbackSender feedback) {
        a.swapStarted = true;
        send(feedback, a, "APPLYING", null);
        Result result;
        try {
            result = TufDeploymentHandler.await(handler.submit(a.deployment, a.artifacts), swapTimeout);
        } catch (RuntimeException e) {
            result = TufDeploymentHandler.failed(e);
        }
        engine.swapFinished(result.committed(), result.state() + (result.cause() == null ? "" : ": " + result.cause()));
        if (TufDeploymentHandler.CRASHED_BEFORE.equals(result.state())) {
            refuseAfterOffer(a, "release " + a.deployment.releaseId() + " crashed this host before (the runtime "
                    + "refused it: " + result.cause() + "); it is never applied automatically again", feedback);
            return;
        }
        finish(a, result.state() + (result.cause() == null ? "" : " (" + result.cause() + ")"));
    }

    /** Reports WAITING_FOR_POLICY with the engine's report, and logs, when the verdict or its reason changed. */
    private void waiting(Active a, Decision decision, FeedbackSender feedback) {
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
        Active a = active;
        if (a == null || a.update != update || a.artifacts == null) {
            return CompletableFuture.completedFuture(false);
        }
        a.swapStarted = true;
        CompletionStage<SwapResult> swap;
        try {
            swap = handler.submit(a.deployment, a.artifacts);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return swap.thenApply(SwapResult::committed).whenComplete((ok, e) -> afterCommitPointSwap.run());
    }

    /** Drops the pending update unless its swap already started. */
    private void drop(String why) {
        Active a = active;
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

    private void finish(Active a, String how) {
        remember(a.deployment.id());
        if (active == a) {
            active = null;
        }
        log.info("deployment " + a.deployment.id() + " of release " + a.deployment.releaseId() + " ended: " + how);
    }

    private void refuseAfterOffer(Active a, String cause, FeedbackSender feedback) {
        if (active == a) {
            active = null;
        }
        refuse(a.deployment.id(), a.deployment.level(), cause, feedback);
    }

    /** One log line and one REJECTED report per refused deployment (a reply without a readable id: per change). */
    private void refuse(String id, long level, String cause, FeedbackSender feedback) {
        if (id == null ? cause.equals(lastMalformed) : !remember(id)) {
            return;
        }
        lastMalformed = id == null ? cause : lastMalformed;
        log.warn("deployment not applied: " + cause);
        if (level > 0) {
            String bounded = cause.length() > 1024 ? cause.substring(0, 1024) : cause;
            TufDeploymentHandler.send(feedback, new FeedbackRequest(level, "REJECTED", bounded, List.of(), bounded,
                    null, null, id, null));
        }
    }

    private boolean remember(String id) {
        boolean added = done.add(id);
        if (done.size() > DONE_KEPT) {
            Iterator<String> oldest = done.iterator();
            oldest.next();
            oldest.remove();
        }
        return added;
    }

    /** The history's CRASHED record of {@code releaseId} (the patch label), if any. */
    private Optional<SwapRecord> crashed(String releaseId) {
        return patches.history(HISTORY_SCAN).stream()
                .filter(r -> r.outcome() == SwapResult.Outcome.CRASHED && r.label().equals(releaseId))
                .reduce((first, second) -> second);
    }

    private void send(FeedbackSender feedback, Active a, String state, String cause) {
        Map<String, Object> policy = engine.report().map(PolicyReports::json).orElse(null);
        TufDeploymentHandler.send(feedback, new FeedbackRequest(a.deployment.level(), state, cause, List.of(), null,
                a.deployment.releaseId(), null, a.deployment.id(), policy));
    }

    /** The deployment being worked on, for diagnostics and tests. */
    public Optional<String> activeDeployment() {
        Active a = active;
        return a == null ? Optional.empty() : Optional.of(a.deployment.id());
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
