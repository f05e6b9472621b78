package io.patchbay.agent.impl.update;

import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.impl.report.SwapMarker;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the agent will not do again: deployments it concluded or refused (in memory, and on disk through the
 * {@link SwapMarker} for those whose swap ended, so a restarted agent does not apply a rolled-back deployment again),
 * and releases the swap history records as CRASHED. Refusals are logged and reported once each.
 */
final class DeploymentLedger {
    static final int HISTORY_SCAN = 256;
    static final int DONE_KEPT = 256;

    private final PatchService patches;
    private final SwapMarker marker;
    private final StatusLog log;
    private final Set<String> done = new LinkedHashSet<>();
    private String lastMalformed;

    DeploymentLedger(PatchService patches, SwapMarker marker, StatusLog log) {
        this.patches = patches;
        this.marker = marker;
        this.log = log;
    }

    /** Whether deployment {@code id} was concluded or refused, here or by an earlier agent revision. */
    boolean concluded(String id) {
        return done.contains(id) || marker.concluded(id);
    }

    /** Remembers {@code id} as concluded; false if it already was. */
    boolean remember(String id) {
        boolean added = done.add(id);
        if (done.size() > DONE_KEPT) {
            Iterator<String> oldest = done.iterator();
            oldest.next();
            oldest.remove();
        }
        return added;
    }

    /** One log line and one REJECTED report per refused deployment (a reply without a readable id: per change). */
    void refuse(String id, long level, String cause, FeedbackSender feedback) {
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

    /** The history's CRASHED record of {@code releaseId} (the patch label), if any. */
    Optional<SwapRecord> crashed(String releaseId) {
        return patches.history(HISTORY_SCAN).stream()
                .filter(r -> r.outcome() == SwapResult.Outcome.CRASHED && r.label().equals(releaseId))
                .reduce((first, second) -> second);
    }

    /** The marked swap's record, if the history has it yet. */
    Optional<SwapRecord> recordOf(SwapMarker.Pending marked) {
        return patches.history(HISTORY_SCAN).stream().filter(marked::matches).findFirst();
    }
}
