package io.patchbay.agent.impl.update;

import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.device.Messages.Timing;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchRefusedException;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.TransportException;
import io.patchbay.tuf.api.TufException;
import io.patchbay.tuf.api.TufUpdater;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The TUF path of a deployment: refresh (timestamp → snapshot → targets, from root's location with root's TLS
 * pins), download each target (verified length and hashes, bounded by the updater's limits, cached copies reused),
 * then one {@link Patch} labelled with the release to {@link PatchService#submit}, which re-checks the publisher's
 * JAR signature and runs the swap on the runtime's thread.
 */
public final class TufDeploymentHandler implements DeploymentHandler {
    private final TufUpdater tuf;
    private final PatchService patches;
    private final Clock clock;
    private final Duration swapTimeout;

    public TufDeploymentHandler(TufUpdater tuf, PatchService patches, Clock clock, Duration swapTimeout) {
        this.tuf = Objects.requireNonNull(tuf, "tuf");
        this.patches = Objects.requireNonNull(patches, "patches");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.swapTimeout = Objects.requireNonNull(swapTimeout, "swapTimeout");
    }

    public Duration swapTimeout() {
        return swapTimeout;
    }

    @Override
    public Download download(Deployment deployment, FeedbackSender feedback) {
        progress(feedback, deployment, "DOWNLOADING");
        List<Patch.Artifact> artifacts = new ArrayList<>();
        long downloadStart = clock.millis();
        try {
            tuf.refresh();
            for (String path : deployment.targetPaths()) {
                artifacts.add(new Patch.Artifact(path, tuf.fetchTarget(path), null));
            }
            if (deployment.rollback() != null) {
                Optional<String> refused = RollbackCheck.refusal(patches, deployment, artifacts);
                if (refused.isPresent()) {
                    // nothing reached the runtime: this report is the only one
                    finalReport(feedback, deployment, "REJECTED", refused.get(), clock.millis() - downloadStart);
                    return new Download(null, "REJECTED", refused.get());
                }
            }
            return new Download(List.copyOf(artifacts), null, null);
        } catch (TransportException | LocalStorageException e) {
            // not a verdict on the release: nothing is final, the next check tries again
            return new Download(null, "RETRY", "download of release " + deployment.releaseId() + " failed: "
                    + e.getMessage());
        } catch (TufException e) {
            // Nothing reached the runtime, so the history has no record of it: this report is the only one.
            String cause = "TUF refused release " + deployment.releaseId() + ": " + e.getMessage();
            finalReport(feedback, deployment, "REJECTED", cause, clock.millis() - downloadStart);
            return new Download(null, "REJECTED", cause);
        }
    }

    /**
     * A rollback (the controller passes the mark only for a level below the running one) is checked again here, fail
     * closed, and only then allowed to take bundles to lower versions.
     */
    @Override
    public CompletionStage<SwapResult> submit(Deployment deployment, List<Patch.Artifact> artifacts) {
        boolean retry = false; // a release that crashed the host is never applied again automatically
        Patch patch = new Patch(deployment.releaseId(), artifacts, false, retry);
        if (deployment.rollback() != null) {
            Optional<String> refused = RollbackCheck.refusal(patches, deployment, artifacts);
            if (refused.isPresent()) {
                return CompletableFuture.failedFuture(new IllegalStateException(refused.get()));
            }
            patch = patch.withDowngradeAllowed();
        }
        return patches.submit(patch);
    }

    /** Download, APPLYING, submit, and wait for the swap (up to the swap timeout): the NOW path in one call. */
    public Result handle(Deployment deployment, FeedbackSender feedback) {
        Download download = download(deployment, feedback);
        if (!download.ok()) {
            return new Result(download.state(), download.cause());
        }
        progress(feedback, deployment, "APPLYING");
        return await(submit(deployment, download.artifacts()), swapTimeout);
    }

    /** The runtime refused the patch because the same content crashed the host before. */
    public static final String CRASHED_BEFORE = "CRASHED_BEFORE";

    /** Waits for a submitted swap; a swap still running after the timeout is reported from the history later. */
    public static Result await(CompletionStage<SwapResult> swap, Duration timeout) {
        try {
            SwapResult result = swap.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(result.outcome().name(), result.failure().map(Throwable::getMessage).orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result("INTERRUPTED", "interrupted while the swap ran; the history will tell its end");
        } catch (ExecutionException e) {
            return failed(e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            return new Result("UNKNOWN", "the swap is still running; its history record is reported when it ends");
        }
    }

    /** A submit that failed before any swap: refused (CRASHED_BEFORE, RESTORE_PENDING) or the runtime stopped. */
    public static Result failed(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof PatchRefusedException refused
                && refused.reason() == PatchRefusedException.Reason.CRASHED_BEFORE) {
            return new Result(CRASHED_BEFORE, refused.getMessage());
        }
        return new Result("REFUSED", String.valueOf(cause));
    }

    static void progress(FeedbackSender feedback, Deployment deployment, String state) {
        send(feedback, new FeedbackRequest(deployment.level(), state, null, List.of(), null,
                deployment.releaseId(), null));
    }

    private static void finalReport(FeedbackSender feedback, Deployment deployment, String state, String cause,
                                    long millis) {
        send(feedback, new FeedbackRequest(deployment.level(), state,
                cause.length() > 1024 ? cause.substring(0, 1024) : cause, List.of(new Timing("DOWNLOAD", millis)),
                cause.length() > 8192 ? cause.substring(0, 8192) : cause, deployment.releaseId(), null));
    }

    /** Progress is best effort: an unreachable server must not stop an install the policy already allowed. */
    static void send(FeedbackSender feedback, FeedbackRequest request) {
        try {
            feedback.send(request);
        } catch (DeviceException e) {
            // dropped; the final result still reaches the server through the swap history
        }
    }
}
