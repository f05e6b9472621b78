package io.patchbay.framework.api;

import java.time.Instant;

/**
 * Something that happened in a swap.
 *
 * @param transactionId the swap's id, as written in the journal
 * @param step          the step
 * @param phase         whether the step began, finished or failed
 * @param at            from the runtime's clock
 * @param detail        a human-readable detail (the failure's message for {@link Phase#FAILED})
 */
public record SwapEvent(String transactionId, SwapStep step, Phase phase, Instant at, String detail) {

    /** Where in its step a swap is. */
    public enum Phase {
        /** The step began. */
        STARTED,
        /** One unit of work inside a step is done, e.g. one bundle of a multi-bundle patch updated. */
        PROGRESS,
        /** The step is done. */
        FINISHED,
        /** The step failed; the swap is refused or rolls back. */
        FAILED
    }
}
