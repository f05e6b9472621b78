package io.patchbay.framework.api;

/** The steps of a swap transaction, in order; {@link #ROLLBACK} runs only after a failure. */
public enum SwapStep {
    /** Publisher signature, manifest sanity, no unintended downgrade. */
    VERIFY,
    /** The bytes written into the content-addressed store, and synced. */
    STAGE,
    /** The intent (old set to new set) recorded in the journal, and synced. */
    JOURNAL,
    /** Bundles updated or installed, and the affected closure refreshed. */
    APPLY,
    /** The patch's bundles started. */
    START,
    /** Every bundle active and every health check of the patch's bundles passing, within the timeout. */
    HEALTH,
    /** The new level written to the journal. */
    COMMIT,
    /** After a failure: the previous committed bytes restored, refreshed and started. */
    ROLLBACK
}
