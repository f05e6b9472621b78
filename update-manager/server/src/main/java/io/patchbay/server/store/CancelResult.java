package io.patchbay.server.store;

import java.time.Instant;
import java.util.List;

/**
 * A cancelled deployment: the clients that already reported COMMITTED for its level keep it (they appear in
 * {@code keptBy}); every other client stops being assigned it at its next check-in.
 *
 * @param deploymentId the cancelled deployment
 * @param cancelledAt  when it was cancelled
 * @param keptBy       the clients that reported COMMITTED for its level
 */
public record CancelResult(String deploymentId, Instant cancelledAt, List<String> keptBy) {
    /**
     * Copies the list.
     *
     * @param deploymentId the cancelled deployment
     * @param cancelledAt  when it was cancelled
     * @param keptBy       the clients that keep its level (copied)
     */
    public CancelResult {
        keptBy = List.copyOf(keptBy);
    }
}
