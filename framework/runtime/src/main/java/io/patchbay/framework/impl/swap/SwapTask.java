package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;

/**
 * One step of a swap and how to take it back, in the manner of Apache Sling's OSGi installer tasks. When a step
 * fails, the engine undoes it and then every step before it, newest first.
 */
interface SwapTask {

    SwapStep step();

    void run(Swap swap) throws Exception;

    /** Undoes what {@link #run} did, also when it failed half-way. */
    default void undo(Swap swap) throws Exception {
    }
}
