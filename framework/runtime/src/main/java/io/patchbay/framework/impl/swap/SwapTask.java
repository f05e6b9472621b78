package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;

/**
 * One step of one swap, as an object: it keeps what it did, so its undo needs nothing else. The engine runs the
 * steps in order and, after a failure, undoes the failed step and those before it in reverse order, stopping at the
 * first undo that fails: an earlier undo may rely on the later ones having succeeded (the journal's ROLLED_BACK
 * record claims the container is back).
 */
interface SwapTask {

    SwapStep step();

    void run() throws Exception;

    /** Undoes {@link #run()}, also after it failed halfway; nothing by default. */
    default void undo() throws Exception {
    }
}
