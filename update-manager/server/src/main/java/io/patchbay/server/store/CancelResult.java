package io.patchbay.server.store;

import java.time.Instant;
import java.util.List;

/**
 * A cancelled deployment: the clients that already reported COMMITTED for its level keep it (they appear in
 * {@code keptBy}); every other client stops being assigned it at its next check-in.
 */
public record CancelResult(String deploymentId, Instant cancelledAt, List<String> keptBy) {
    public CancelResult {
        keptBy = List.copyOf(keptBy);
    }
}
