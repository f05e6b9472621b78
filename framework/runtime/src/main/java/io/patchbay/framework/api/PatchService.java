package io.patchbay.framework.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime as a service: registered in the container, so a bundle (an update agent) can drive swaps, and
 * offered to the host by {@link Patchbay#patches()}.
 *
 * <p>Swaps submitted here run on a thread the runtime owns, never on the caller's: a bundle may submit a patch
 * that replaces itself, and its stage completes after the caller's old revision has been stopped.
 */
@ProviderType
public interface PatchService {

    /**
     * Queues {@code patch}; the stage completes with its result once the swap ends. A refused or failed patch
     * completes normally with that outcome; the stage fails only if the runtime stops before running it.
     *
     * @param patch the patch to apply
     * @return the swap's result, once it ends
     */
    CompletionStage<SwapResult> submit(Patch patch);

    /**
     * The committed patch level.
     *
     * @return the level, as {@link Patchbay#patchLevel()}
     */
    PatchLevel patchLevel();

    /**
     * The newest {@code max} records of the swap history, oldest first.
     *
     * @param max how many at most
     * @return the records
     */
    List<SwapRecord> history(int max);

    /**
     * Up to {@code max} records not yet acknowledged, oldest first: what a reporter still has to send.
     *
     * @param max how many at most
     * @return the records
     */
    List<SwapRecord> unacknowledged(int max);

    /**
     * Marks every record up to and including {@code sequence} as reported. Durable on return; acknowledging a
     * sequence at or below an earlier acknowledgement changes nothing.
     *
     * @param sequence the last record reported
     */
    void acknowledge(long sequence);

    /**
     * Runs every {@code HealthCheck} service registered in the container now, as the swap's health gate runs those
     * of a patch: in parallel, within the runtime's health timeout in all; a check that throws, answers null or
     * overruns fails, and one still hanging from an earlier run fails at once instead of taking another thread.
     * Blocks the caller for at most that timeout. Swaps wait for a run in progress (at most the timeout).
     *
     * <p>Empty, without running anything, while the runtime is busy: a swap (or another health run) is in progress,
     * or the runtime has stopped. A run during a swap would judge bundles half replaced, and would keep the gate
     * from running a check that the run still holds, failing a good patch; the caller asks again later (an agent
     * reports its previous result, whose time tells how old it is).
     *
     * @return the report of this run, or empty when nothing ran because the runtime was busy or stopped
     * @since 1.3
     */
    Optional<HealthReport> health();
}
