package io.patchbay.license.impl.lease;

import io.patchbay.license.api.LeaseStatus;
import java.time.Instant;

/**
 * The lease as the evaluation needs it.
 *
 * @param status    what the server said last (ACTIVE before any renewal: the activation is the first lease)
 * @param expiresAt until when the lease holds without renewal; the offline grace runs after it
 */
public record LeaseView(LeaseStatus status, Instant expiresAt) {
}
