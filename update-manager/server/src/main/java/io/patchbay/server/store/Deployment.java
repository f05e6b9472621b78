package io.patchbay.server.store;

import java.time.Instant;

/**
 * A stored deployment.
 *
 * @param id          the deployment id
 * @param sequence    its place in the order deployments were created
 * @param spec        what the operator asked for
 * @param createdAt   when it was created
 * @param cancelledAt when it was cancelled; null while it is active
 */
public record Deployment(String id, long sequence, DeploymentSpec spec, Instant createdAt, Instant cancelledAt) {
}
