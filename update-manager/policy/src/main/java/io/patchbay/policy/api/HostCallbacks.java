package io.patchbay.policy.api;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What a host implements so update policies can consult it. Every method has a default, so a host
 * implements only what its policies use. A default that throws {@link UnsupportedOperationException}
 * means "not implemented": the engine reports that and never treats it as consent.
 *
 * <p>The engine calls these on a thread of its own, never the host's, and bounds each call: a call that
 * throws or does not return in time counts as "not now" and is reported; the agent keeps running. A hung
 * call is not repeated until it returns, so a stuck host ties up at most one thread per method.
 */
public interface HostCallbacks {

    /**
     * Whether a swap now would interrupt no work (WHEN_IDLE). Keep it cheap: it is asked on every tick.
     * The engine asks rather than being told, so each decision rests on one answer taken at that tick; a
     * host that tracks idleness by events returns its current flag here.
     * Default: not implemented, so WHEN_IDLE never swaps unannounced under load; it waits for a deadline.
     *
     * @return true when a swap now would interrupt no work
     */
    default boolean isIdle() {
        throw new UnsupportedOperationException("host does not report idleness");
    }

    /**
     * Asks the user whether to swap now (ASK_USER, DEADLINE). May answer at once or later: the engine
     * waits for the stage up to its ask timeout, then counts the question as deferred, unanswered.
     * Default: not implemented, so the update waits (for a deadline, if any).
     *
     * @param offer what to show the user
     * @return completes with the user's answer; an exceptional completion counts as no answer
     */
    default CompletionStage<UserChoice> askUser(UpdateOffer offer) {
        throw new UnsupportedOperationException("host does not ask its user");
    }

    /**
     * A deadline is approaching. Default: nothing (the agent reports the warning either way).
     *
     * @param warning what to tell the user
     */
    default void deadlineWarning(DeadlineWarning warning) {
    }

    /**
     * The deadline passed: disable these features until the level is reached. Default: not implemented,
     * which the agent reports as enforcement impossible.
     *
     * @param features the feature names the operator chose, as the license gate spells them
     * @param reason   why, for logs and the user
     */
    default void disableFeatures(Set<String> features, String reason) {
        throw new UnsupportedOperationException("host cannot disable features");
    }

    /**
     * The deadline passed and the operator chose a shutdown: stop the application in an orderly way.
     * Default: not implemented, which the agent reports as enforcement impossible.
     *
     * @param reason why, for logs and the user
     */
    default void shutDown(String reason) {
        throw new UnsupportedOperationException("host cannot shut down");
    }

    /**
     * The update server asked this host to check now: a signed "check now" push that the agent accepted (a forged,
     * replayed or rate-limited push never gets here). The agent checks in by itself; this tells the host, so it can
     * renew what it caches from its own servers at once, such as a license lease after a revocation
     * ({@code LicenseClient.renewNow()}), instead of waiting for its interval. Called after the push's delay (none
     * when urgent) on a thread of the agent's, once per accepted push; pushes that arrive while a call runs are
     * folded into one more call after it. Keep it short; a call that hangs stops further calls, not the agent.
     * Default: nothing.
     *
     * @since 1.2
     */
    default void checkRequested() {
    }

    /** A host that implements nothing. */
    HostCallbacks NONE = new HostCallbacks() {
    };
}
