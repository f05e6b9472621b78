package io.patchbay.agent.impl.report;

import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.device.Messages.Timing;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Sends the runtime's unacknowledged swap history as install feedback, oldest first, and acknowledges each
 * record only after the server accepted it (202). The history is the one source of final results: it survives a
 * crash or a restart of the agent (a new agent version reports what the old one applied), and a CRASHED record,
 * written by the runtime when it restarts after dying mid-swap, is reported like any other.
 *
 * <p>Exactly once while the agent stops and starts (an update of the agent itself included): the agent's stop
 * waits for a record in flight to be accepted and acknowledged ({@code keepGoing} turns false first, so no further
 * record starts), and only one agent revision runs at a time. At least once across a crash: if the process dies
 * between the 202 and the acknowledgement, the record is sent again on the next start. The report carries the
 * swap's transaction id, which the server keys final reports by: the copy sent again is answered with the first
 * one's id and not stored twice.
 *
 * <p>The record of a swap the agent submitted for a deployment ({@link SwapMarker}) carries the deployment's id.
 */
public final class Reporter {
    /** The server's storage bounds (install_reports): cause 1024 characters, log 8192, 32 timed steps. */
    static final int MAX_CAUSE = 1024;
    static final int MAX_LOG = 8192;
    static final int BATCH = 32;

    private final PatchService patches;
    private final SwapMarker marker;

    public Reporter(PatchService patches, SwapMarker marker) {
        this.patches = Objects.requireNonNull(patches, "patches");
        this.marker = Objects.requireNonNull(marker, "marker");
    }

    /**
     * Reports every unacknowledged record, stopping at the first one the server does not accept (it is sent
     * again next time, with the ones after it: acknowledgements are cumulative, so order is kept).
     *
     * @return how many records were accepted and acknowledged
     */
    public int reportPending(FeedbackSender sender, BooleanSupplier keepGoing) throws DeviceException {
        int sent = 0;
        while (true) {
            List<SwapRecord> pending = patches.unacknowledged(BATCH);
            if (pending.isEmpty()) {
                return sent;
            }
            for (SwapRecord record : pending) {
                if (!keepGoing.getAsBoolean()) {
                    return sent;
                }
                sender.send(feedback(record, marker.deploymentOf(record).orElse(null),
                        marker.levelOf(record).orElse(targetSequence(record))));
                patches.acknowledge(record.sequence());
                marker.acknowledged(record.sequence());
                sent++;
            }
        }
    }

    /** The feedback for one history record ({@code deploymentId} null when no deployment of this agent's). */
    public static FeedbackRequest feedback(SwapRecord record, String deploymentId) {
        return feedback(record, deploymentId, targetSequence(record));
    }

    /**
     * @param target the level the swap aimed at: the deployment's release level when the record is a deployment's
     *               (a rollback's is below the runtime's commit counter), else {@link #targetSequence}
     */
    static FeedbackRequest feedback(SwapRecord record, String deploymentId, long target) {
        List<Timing> timings = new ArrayList<>();
        record.timings().forEach((step, took) -> timings.add(new Timing(step.name(), took.toMillis())));
        return new FeedbackRequest(target, record.outcome().name(), bounded(record.cause(), MAX_CAUSE),
                timings, bounded(logExcerpt(record), MAX_LOG), record.label(), record.transactionId(), deploymentId,
                null);
    }

    /**
     * The level the swap aimed at: the level it committed, or for any other outcome the one it would have
     * become. (Once deployments exist the server correlates by release, sent as the patch label.)
     */
    static long targetSequence(SwapRecord record) {
        return record.outcome() == Outcome.COMMITTED ? record.levelAfter() : record.levelBefore() + 1;
    }

    /** A short human account of the swap: the history holds no log lines, so the excerpt is built from it. */
    static String logExcerpt(SwapRecord record) {
        StringBuilder log = new StringBuilder();
        log.append("swap ").append(record.transactionId()).append(" '").append(record.label()).append("' ")
                .append(record.outcome()).append(" at ").append(record.at()).append(", level ")
                .append(record.levelBefore()).append(" -> ").append(record.levelAfter()).append('\n');
        if (!record.patchId().isEmpty()) {
            log.append("patch ").append(record.patchId()).append('\n');
        }
        for (BundleRecord bundle : record.bundles()) {
            log.append("bundle ").append(bundle.symbolicName()).append(' ').append(bundle.version()).append(' ')
                    .append(bundle.sha256()).append('\n');
        }
        if (record.outcome() == Outcome.CRASHED) {
            log.append("the process died during this swap; the runtime rolled it back at the next start and will "
                    + "not apply the same patch again unless told to retry it\n");
        }
        if (record.cause() != null) {
            log.append("cause: ").append(record.cause()).append('\n');
        }
        return log.toString();
    }

    static String bounded(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String marker = " [...]";
        return text.substring(0, max - marker.length()) + marker;
    }
}
