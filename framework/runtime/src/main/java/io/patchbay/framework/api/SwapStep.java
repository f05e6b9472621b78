package io.patchbay.framework.api;

/** The steps of a swap transaction, in order; {@link #ROLLBACK} runs only after a failure. */
public enum SwapStep {
    VERIFY, STAGE, JOURNAL, APPLY, START, HEALTH, COMMIT, ROLLBACK
}
