package io.patchbay.server.store;

/**
 * The deployment a client should run now, with its release (for the check-in reply).
 *
 * @param deployment the deployment
 * @param release    its release
 * @param replaces   for a rollback of a halted rollout: the release it takes the client back from (its level is
 *                   above {@code release}'s); null for every other deployment
 */
public record Assignment(Deployment deployment, Release release, Release replaces) {
    /**
     * A deployment that is not a rollback.
     *
     * @param deployment the deployment
     * @param release    its release
     */
    public Assignment(Deployment deployment, Release release) {
        this(deployment, release, null);
    }

    /** @return whether this deployment takes the client back to an earlier release */
    public boolean rollback() {
        return replaces != null;
    }
}
