package io.patchbay.server.store;

/**
 * The deployment a client should run now, with its release (for the check-in reply).
 *
 * @param deployment the deployment
 * @param release    its release
 */
public record Assignment(Deployment deployment, Release release) {
}
