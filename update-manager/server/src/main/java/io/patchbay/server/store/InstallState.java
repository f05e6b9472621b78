package io.patchbay.server.store;

/**
 * The states an install report can carry: progress while a patch is on its way, then exactly one final
 * result. The final names are the framework's swap-history outcomes.
 */
public enum InstallState {
    /** Progress: fetching and verifying the bytes. */
    DOWNLOADING(false, false),
    /** Progress: downloaded, waiting for the update policy to allow the swap. */
    WAITING_FOR_POLICY(false, false),
    /** Progress: the swap is running. */
    APPLYING(false, false),
    /** Final: the new level is committed. */
    COMMITTED(true, false),
    /** Final: refused before anything changed (signature, manifest, downgrade). */
    REJECTED(true, true),
    /** Final: applied, failed its health gate or start, and rolled back. */
    ROLLED_BACK(true, true),
    /** Final: the rollback failed too; the host needs attention. */
    ROLLBACK_FAILED(true, true),
    /** Final: the process died during the swap; rolled back at the next start. */
    CRASHED(true, true);

    private final boolean finalResult;
    private final boolean failure;

    InstallState(boolean finalResult, boolean failure) {
        this.finalResult = finalResult;
        this.failure = failure;
    }

    /**
     * Whether this is a final result, as opposed to progress.
     *
     * @return true for a final result
     */
    public boolean isFinal() {
        return finalResult;
    }

    /**
     * Whether this is a final result other than COMMITTED: listed among the failed installs.
     *
     * @return true for a failure
     */
    public boolean isFailure() {
        return failure;
    }
}
