package io.patchbay.server.store;

import java.time.Instant;

/** A stored deployment. {@code cancelledAt} is null while it is active. */
public record Deployment(String id, long sequence, DeploymentSpec spec, Instant createdAt, Instant cancelledAt) {
}
