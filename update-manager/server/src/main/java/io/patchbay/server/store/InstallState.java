package io.patchbay.server.store;

/**
 * The states an install report can carry: progress while a patch is on its way, then exactly one final
 * result. The final names are the framework's swap-history outcomes.
 */
public enum InstallState {
    DOWNLOADING(false, false),
    WAITING_FOR_POLICY(false, false),
    APPLYING(false, false),
    COMMITTED(true, false),
    REJECTED(true, true),
    ROLLED_BACK(true, true),
    ROLLBACK_FAILED(true, true),
    CRASHED(true, true);

    private final boolean finalResult;
    private final boolean failure;

    InstallState(boolean finalResult, boolean failure) {
        this.finalResult = finalResult;
        this.failure = failure;
    }

    /** A final result, as opposed to progress. */
    public boolean isFinal() {
        return finalResult;
    }

    /** A final result other than COMMITTED: listed among the failed installs. */
    public boolean isFailure() {
        return failure;
    }
}
